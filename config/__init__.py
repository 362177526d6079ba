"""Settings: one frozen object built from a mapping (environment, then ``st.secrets``)."""

from config.settings import LANGUAGES, MAP_STYLES, Settings, SettingsError, load_settings

__all__ = ["LANGUAGES", "MAP_STYLES", "Settings", "SettingsError", "load_settings"]
