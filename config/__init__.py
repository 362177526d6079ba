"""Settings: one frozen object built from a mapping (environment, then ``st.secrets``)."""
from config.settings import Settings, SettingsError, load_settings

__all__ = ["Settings", "SettingsError", "load_settings"]
