"""Settings validation: a table of good and bad values."""

from pathlib import Path

import pytest

from config import SettingsError, load_settings
from config.settings import parse_duration


@pytest.mark.parametrize(
    "environ, attr, expected",
    [
        ({}, "province_code", "34"),
        ({"PROVINCE_CODE": "10"}, "province_code", "10"),
        ({"PROVINCE_CODE": " 50 "}, "province_code", "50"),
        ({"WATERLEVEL_POLL": "10m"}, "waterlevel_poll_s", 600.0),
        ({"WATERLEVEL_POLL": "90"}, "waterlevel_poll_s", 90.0),
        ({"FORECAST_POLL": "6h"}, "forecast_poll_s", 21600.0),
        ({"SESSION_TTL": "1d"}, "session_ttl_s", 86400.0),
        ({"HTTP_RETRIES": "0"}, "http_retries", 0),
        ({"HTTP_RETRY_BACKOFF": "0.1"}, "http_retry_backoff_s", 0.1),
        ({"MAP_STYLE": "carto-positron"}, "map_style", "carto-positron"),
        ({"DEFAULT_LANGUAGE": "en"}, "default_language", "en"),
        ({"ALLOW_ANONYMOUS_VIEWER": "no"}, "allow_anonymous_viewer", False),
        ({"DATABASE_URL": "postgresql+psycopg://u@h:5432/db"}, "database_url", "postgresql+psycopg://u@h:5432/db"),
        ({"THAIWATER_BASE_URL": "http://localhost:9000/api"}, "thaiwater_base_url", "http://localhost:9000/api/"),
        ({"GISTDA_API_KEY": "k-123"}, "gistda_api_key", "k-123"),
        ({"PROVINCE_CODE": ""}, "province_code", "34"),  # empty means unset
    ],
)
def test_good_values(environ, attr, expected):
    assert getattr(load_settings(environ), attr) == expected


@pytest.mark.parametrize(
    "environ, name, allowed_fragment",
    [
        ({"PROVINCE_CODE": "99"}, "PROVINCE_CODE", "DOPA province code"),
        ({"PROVINCE_CODE": "Ubon"}, "PROVINCE_CODE", "DOPA province code"),
        ({"PROVINCE_CODE": "340"}, "PROVINCE_CODE", "DOPA province code"),
        ({"DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL", "sqlite:// or postgresql://"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL", "SQLAlchemy URL"),
        ({"THAIWATER_BASE_URL": "ftp://x/"}, "THAIWATER_BASE_URL", "http:// or https://"),
        ({"THAIWATER_BASE_URL": "api-v3.thaiwater.net"}, "THAIWATER_BASE_URL", "http:// or https://"),
        ({"WATERLEVEL_POLL": "-5"}, "WATERLEVEL_POLL", "positive duration"),
        ({"WATERLEVEL_POLL": "0"}, "WATERLEVEL_POLL", "positive duration"),
        ({"WATERLEVEL_POLL": "ten minutes"}, "WATERLEVEL_POLL", "positive duration"),
        ({"HTTP_TIMEOUT": "5x"}, "HTTP_TIMEOUT", "positive duration"),
        ({"HTTP_RETRIES": "-1"}, "HTTP_RETRIES", "0 to 10"),
        ({"HTTP_RETRIES": "11"}, "HTTP_RETRIES", "0 to 10"),
        ({"HTTP_RETRIES": "three"}, "HTTP_RETRIES", "0 to 10"),
        ({"HTTP_RETRY_BACKOFF": "0"}, "HTTP_RETRY_BACKOFF", "positive duration"),
        ({"MAP_STYLE": "google"}, "MAP_STYLE", "white-bg"),
        ({"DEFAULT_LANGUAGE": "fr"}, "DEFAULT_LANGUAGE", "th, en"),
        ({"ALLOW_ANONYMOUS_VIEWER": "maybe"}, "ALLOW_ANONYMOUS_VIEWER", "true or false"),
    ],
)
def test_bad_values_name_the_setting_and_allowed_values(environ, name, allowed_fragment):
    with pytest.raises(SettingsError) as info:
        load_settings(environ)
    assert info.value.name == name
    assert name in str(info.value) and allowed_fragment in str(info.value)


def test_environment_overrides_secrets_file():
    settings = load_settings({"PROVINCE_CODE": "50"}, {"PROVINCE_CODE": "10", "GISTDA_API_KEY": "from-secrets"})
    assert settings.province_code == "50"
    assert settings.gistda_api_key == "from-secrets"


def test_data_dir_moves_the_default_sqlite_file(tmp_path):
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    assert settings.data_dir == tmp_path.resolve()
    assert settings.database_url == f"sqlite:///{tmp_path.resolve() / 'floodroom.sqlite3'}"


def test_unknown_keys_are_ignored_and_settings_are_frozen():
    settings = load_settings({"PATH": "/bin", "HOME": "/root"})
    with pytest.raises(AttributeError):
        settings.province_code = "10"


def test_masked_hides_secrets_and_passwords():
    settings = load_settings(
        {"GISTDA_API_KEY": "super-secret-key", "DATABASE_URL": "postgresql+psycopg://fr:pw123@db/fr"}
    )
    shown = " ".join(settings.masked().values())
    assert "super-secret-key" not in shown and "pw123" not in shown
    assert settings.masked()["gistda_api_key"] == "*** (set)"


def test_every_province_works_by_changing_one_setting():
    import geothai

    for province in geothai.provinces():
        assert load_settings({"PROVINCE_CODE": province.code}).province.name_en == province.name_en
    assert len(geothai.provinces()) == 77


@pytest.mark.parametrize("raw, seconds", [("1s", 1), ("2.5m", 150), ("1h", 3600), (30, 30), ("45", 45)])
def test_parse_duration(raw, seconds):
    assert parse_duration("X", raw) == seconds


def test_default_database_is_sqlite_under_data():
    assert load_settings({}).database_url.endswith(str(Path("data") / "floodroom.sqlite3"))
