"""Widget keys and query parameters of the water pages."""

MAP_MODE = "water_map_mode"  # widget: live / replay
MAP_DATE = "water_map_date"  # widget: replay date (Bangkok)
MAP_TIME = "water_map_time"  # widget: replay time (Bangkok)
LEVELS_STATION = "water_levels_station"
LEVELS_DAYS = "water_levels_days"
LEVELS_DOWNLOAD = "water_levels_download"
MAP_CHART = "water_map_chart"
LEVELS_CHART = "water_levels_chart"
RAIN_CHART = "water_rain_chart"
TABLE = "water_table"

QP_AT = "at"  # query parameter: replay time, ISO Bangkok (e.g. 2020-06-29T13:30)
QP_STATION = "station"  # query parameter: station code on the water levels page
MAP_SHELTERS = "water_map_shelters"  # widget: shelters layer on/off
MAP_EXTENT = "water_map_extent"  # widget: flood-extent layer on/off
QP_LAYERS = "layers"  # query parameter: the station map's switched-on layers, e.g. shelters,extent (or none)
