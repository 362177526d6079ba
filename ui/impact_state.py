"""Widget keys and query parameters of the impact, entry and evacuation-centre pages."""

# impact page
INDICATOR = "impact_indicator"  # widget: choropleth indicator
DISTRICT = "impact_district"  # widget: district of the detail panel
MAP_CHART = "impact_map_chart"
HISTORY_CHART = "impact_history_chart"
TABLE = "impact_table"
DOWNLOAD_CSV = "impact_download_csv"
DOWNLOAD_XLSX = "impact_download_xlsx"
QP_INDICATOR = "indicator"  # query parameter: indicator shown on the map
QP_DISTRICT = "district"  # query parameter: district of the detail panel
REPORT_TIME = "impact_report_time"  # widget: show the province as of this report time
QP_REPORT = "report"  # query parameter: that report time, Bangkok YYYY-MM-DDTHH:MM

# entry page
ENTRY_TABS = "impact_entry_tabs"
FORM = "impact_entry_form"
FORM_DISTRICT = "impact_entry_district"
FORM_DATE = "impact_entry_date"
FORM_TIME = "impact_entry_time"
FORM_ZONE = "impact_entry_zone"
FORM_ZONE_DATE = "impact_entry_zone_date"
FORM_SUBMIT = "impact_entry_submit"
FORM_FIELD_PREFIX = "impact_entry_field_"  # + field name
PENDING = "impact_entry_pending"  # session state: the record waiting for confirmation
CONFIRM = "impact_entry_confirm"
CANCEL = "impact_entry_cancel"
UPLOAD = "impact_entry_upload"
UPLOAD_IMPORT = "impact_entry_upload_import"
UPLOAD_CHECKED = "impact_entry_upload_checked"  # session state: (file key, dry-run outcome)
LAST_RESULT = "impact_entry_last_result"  # session state: message of the last save
EXTENT_UPLOAD = "impact_entry_extent_upload"
EXTENT_DATE = "impact_entry_extent_date"
EXTENT_IMPORT = "impact_entry_extent_import"

# shelters page
SHELTER_MAP = "shelters_map_chart"
SHELTER_TABLE = "shelters_table"
SHELTER_OPEN_ONLY = "shelters_open_only"
SHELTER_UPLOAD = "shelters_upload"
SHELTER_IMPORT = "shelters_upload_import"
SHELTER_CHECKED = "shelters_upload_checked"  # session state: (file key, dry-run outcome)
