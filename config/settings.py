"""The product's settings, built from a mapping that is passed in.

``load_settings(environ, secrets)`` reads upper-case keys; a value in ``environ``
wins over the same key in ``secrets`` (``.streamlit/secrets.toml``), so an
operator can override the file for one run. Every value is validated and a bad
one raises ``SettingsError`` naming the setting, the value and what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import geothai
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

REPO_ROOT = Path(__file__).resolve().parent.parent
MAP_STYLES = (
    "white-bg",
    "carto-positron",
    "carto-darkmatter",
    "carto-voyager",
    "open-street-map",
    "basic",
    "streets",
    "outdoors",
    "light",
    "dark",
    "satellite",
    "satellite-streets",
)
LANGUAGES = ("th", "en")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}


class SettingsError(ValueError):
    """A setting has a value the product cannot run with."""

    def __init__(self, name: str, value: object, allowed: str):
        super().__init__(f"setting {name}={value!r} is not valid; allowed: {allowed}")
        self.name = name
        self.value = value
        self.allowed = allowed


def parse_duration(name: str, raw: object) -> float:
    """'600', '10m', '6h', '1d' -> seconds (> 0)."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        seconds = float(raw)
    else:
        match = _DURATION.match(str(raw))
        if not match:
            raise SettingsError(name, raw, "a positive duration such as 600, 10m, 6h or 1d")
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds <= 0:
        raise SettingsError(name, raw, "a positive duration such as 600, 10m, 6h or 1d")
    return seconds


def _url(name: str, raw: str) -> str:
    parsed = urlparse(str(raw))
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SettingsError(name, raw, "an http:// or https:// URL")
    return str(raw).rstrip("/") + "/"


# query parameters of a database URL that carry a secret (libpq's and drivers' spellings)
_SECRET_QUERY = re.compile(
    r"([?&](?:password|passwd|pwd|pass|sslpassword|secret|token|api_?key)=)[^&#]*", re.IGNORECASE
)
_URL_PASSWORD = re.compile(r"^((?:[A-Za-z][A-Za-z0-9+.-]*://)?[^/@:?#\s]*:)[^/@?#]*(@)")


def mask_url(raw: object) -> str:
    """``raw`` with the password of ``user:password@`` and of ``?password=`` (and the like)
    replaced by ``***``. Works on text that is no valid URL too, since it masks what a
    rejected setting would otherwise echo."""
    text = _URL_PASSWORD.sub(r"\1***\2", str(raw))
    return _SECRET_QUERY.sub(r"\1***", text)


def _database_url(name: str, raw: str) -> str:
    # the message names the value masked: it is shown to whoever opens a page
    try:
        url = make_url(str(raw))
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise SettingsError(
            name,
            mask_url(raw),
            "an SQLAlchemy URL such as sqlite:///data/floodroom.sqlite3 or postgresql+psycopg://user@host/db",
        ) from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise SettingsError(name, mask_url(raw), "an sqlite:// or postgresql:// URL")
    return str(raw)


def _positive_int(name: str, raw: object) -> int:
    try:
        value = int(str(raw).strip().replace("_", "").replace(",", ""))
    except ValueError:
        value = 0
    if value <= 0:
        raise SettingsError(name, raw, "a whole number above 0, such as 50000")
    return value


def _retries(name: str, raw: object) -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        value = -1
    if not 0 <= value <= 10:
        raise SettingsError(name, raw, "a whole number from 0 to 10, such as 3")
    return value


def _port(name: str, raw: object) -> int:
    value = _positive_int(name, raw)
    if value > 65535:
        raise SettingsError(name, raw, "a TCP port, 1 to 65535")
    return value


def _bool(name: str, raw: object) -> bool:
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise SettingsError(name, raw, "true or false")


def _choice(name: str, raw: object, allowed: tuple[str, ...]) -> str:
    if str(raw) not in allowed:
        raise SettingsError(name, raw, ", ".join(allowed))
    return str(raw)


def _province(name: str, raw: object) -> str:
    code = str(raw).strip()
    if geothai.province(code) is None:
        raise SettingsError(
            name, raw, "a two-digit DOPA province code, 10 to 96 (e.g. 34 Ubon Ratchathani, 10 Bangkok)"
        )
    return code


@dataclass(frozen=True)
class Settings:
    """Effective settings. Durations are in seconds. Secrets are fields marked ``secret``."""

    province_code: str = "34"
    database_url: str = field(
        default=f"sqlite:///{REPO_ROOT / 'data' / 'floodroom.sqlite3'}", repr=False
    )  # may hold a password
    data_dir: Path = REPO_ROOT / "data"
    map_style: str = "white-bg"
    default_language: str = "th"
    thaiwater_base_url: str = "https://api-v3.thaiwater.net/api/v1/thaiwater30/public/"
    # the large-dam table (RID/EGAT daily report); the fetch adds dam_size=1
    thaiwater_dam_url: str = "https://api-v3.thaiwater.net/api/v1/thaiwater30/analyst/dam"
    open_meteo_flood_url: str = "https://flood-api.open-meteo.com/v1/flood"
    open_meteo_forecast_url: str = "https://api.open-meteo.com/v1/forecast"
    gistda_base_url: str = "https://api-gateway.gistda.or.th/api/2.0/resources/features/flood/"
    geoboundaries_api_url: str = "https://www.geoboundaries.org/api/current/gbOpen/THA/ADM2/"
    hdx_api_url: str = "https://data.humdata.org/api/3/action/package_show?id=cod-ab-tha"
    waterlevel_poll_s: float = 600.0
    forecast_poll_s: float = 6 * 3600.0
    flood_extent_poll_s: float = 6 * 3600.0
    dam_poll_s: float = 3 * 3600.0
    http_timeout_s: float = 20.0
    # a failed GET is retried this many times, waiting backoff × 2^(n-1) between tries (0, 2, 4 s)
    http_retries: int = 3
    http_retry_backoff_s: float = 1.0
    waterlevel_stale_s: float = 3 * 3600.0
    forecast_stale_s: float = 36 * 3600.0
    impact_stale_s: float = 36 * 3600.0
    dam_stale_s: float = 36 * 3600.0  # a daily report: yesterday's is normal in the morning
    session_ttl_s: float = 12 * 3600.0
    allow_anonymous_viewer: bool = True
    import_max_rows: int = 50_000
    # alerts (issue 19): each channel is switched on by its own setting; secrets are marked secret
    alerts_email_enabled: bool = False
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_from: str = ""
    smtp_starttls: bool = True
    alerts_line_enabled: bool = False
    line_api_base_url: str = "https://api.line.me/"
    alerts_webhook_enabled: bool = False
    alerts_send_timeout_s: float = 15.0
    alerts_base_url: str = "http://localhost:8501/"  # the dashboard's address, for the link in an alert
    # repr=False: a settings object printed in a log or a traceback shows no secret
    gistda_api_key: str = field(default="", repr=False, metadata={"secret": True})
    secret_key: str = field(default="", repr=False, metadata={"secret": True})
    smtp_password: str = field(default="", repr=False, metadata={"secret": True})
    line_channel_token: str = field(default="", repr=False, metadata={"secret": True})
    webhook_secret: str = field(default="", repr=False, metadata={"secret": True})

    def masked(self) -> dict[str, str]:
        """Every setting as text, secrets shown only as set/unset, passwords in URLs hidden."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.metadata.get("secret"):
                out[f.name] = "*** (set)" if value else "(not set)"
            elif f.name == "database_url":
                out[f.name] = mask_url(value)
            else:
                out[f.name] = str(value)
        return out

    @property
    def province(self) -> geothai.Province:
        province = geothai.province(self.province_code)
        assert province is not None, self.province_code  # load_settings accepts only known codes
        return province


_PARSERS: dict[str, tuple[str, Callable[[str, Any], Any]]] = {  # setting -> (field, parser of the raw value)
    "PROVINCE_CODE": ("province_code", _province),
    "DATABASE_URL": ("database_url", _database_url),
    "DATA_DIR": ("data_dir", lambda n, v: Path(str(v)).expanduser().resolve()),
    "MAP_STYLE": ("map_style", lambda n, v: _choice(n, v, MAP_STYLES)),
    "DEFAULT_LANGUAGE": ("default_language", lambda n, v: _choice(n, v, LANGUAGES)),
    "THAIWATER_BASE_URL": ("thaiwater_base_url", _url),
    "THAIWATER_DAM_URL": ("thaiwater_dam_url", lambda n, v: _url(n, v).rstrip("/")),
    "OPEN_METEO_FLOOD_URL": ("open_meteo_flood_url", lambda n, v: _url(n, v).rstrip("/")),
    "OPEN_METEO_FORECAST_URL": ("open_meteo_forecast_url", lambda n, v: _url(n, v).rstrip("/")),
    "GISTDA_BASE_URL": ("gistda_base_url", _url),
    "GEOBOUNDARIES_API_URL": ("geoboundaries_api_url", _url),
    "HDX_API_URL": ("hdx_api_url", lambda n, v: _url(n, v).rstrip("/")),
    "WATERLEVEL_POLL": ("waterlevel_poll_s", parse_duration),
    "FORECAST_POLL": ("forecast_poll_s", parse_duration),
    "FLOOD_EXTENT_POLL": ("flood_extent_poll_s", parse_duration),
    "DAM_POLL": ("dam_poll_s", parse_duration),
    "HTTP_TIMEOUT": ("http_timeout_s", parse_duration),
    "HTTP_RETRIES": ("http_retries", _retries),
    "HTTP_RETRY_BACKOFF": ("http_retry_backoff_s", parse_duration),
    "WATERLEVEL_STALE_AFTER": ("waterlevel_stale_s", parse_duration),
    "FORECAST_STALE_AFTER": ("forecast_stale_s", parse_duration),
    "IMPACT_STALE_AFTER": ("impact_stale_s", parse_duration),
    "DAM_STALE_AFTER": ("dam_stale_s", parse_duration),
    "SESSION_TTL": ("session_ttl_s", parse_duration),
    "ALLOW_ANONYMOUS_VIEWER": ("allow_anonymous_viewer", _bool),
    "IMPORT_MAX_ROWS": ("import_max_rows", _positive_int),
    "GISTDA_API_KEY": ("gistda_api_key", lambda n, v: str(v)),
    "SECRET_KEY": ("secret_key", lambda n, v: str(v)),
    "ALERTS_EMAIL_ENABLED": ("alerts_email_enabled", _bool),
    "SMTP_HOST": ("smtp_host", lambda n, v: str(v).strip()),
    "SMTP_PORT": ("smtp_port", _port),
    "SMTP_USER": ("smtp_user", lambda n, v: str(v).strip()),
    "SMTP_FROM": ("smtp_from", lambda n, v: str(v).strip()),
    "SMTP_STARTTLS": ("smtp_starttls", _bool),
    "SMTP_PASSWORD": ("smtp_password", lambda n, v: str(v)),
    "ALERTS_LINE_ENABLED": ("alerts_line_enabled", _bool),
    "LINE_API_BASE_URL": ("line_api_base_url", _url),
    "LINE_CHANNEL_TOKEN": ("line_channel_token", lambda n, v: str(v).strip()),
    "ALERTS_WEBHOOK_ENABLED": ("alerts_webhook_enabled", _bool),
    "WEBHOOK_SECRET": ("webhook_secret", lambda n, v: str(v)),
    "ALERTS_SEND_TIMEOUT": ("alerts_send_timeout_s", parse_duration),
    "ALERTS_BASE_URL": ("alerts_base_url", _url),
}
SETTING_NAMES = tuple(_PARSERS)


def load_settings(environ: Mapping[str, object], secrets: Mapping[str, object] | None = None) -> Settings:
    """Build ``Settings`` from ``secrets`` overlaid by ``environ`` (only known keys are read).

    Raises ``SettingsError`` for the first invalid value."""
    merged: dict[str, object] = {}
    for source in (secrets or {}, environ):
        for key in SETTING_NAMES:
            if key in source and str(source[key]).strip() != "":
                merged[key] = source[key]
    values: dict[str, Any] = {}  # parsed values of Settings' mixed field types
    for key, raw in merged.items():
        attr, parse = _PARSERS[key]
        values[attr] = parse(key, raw)
    if "DATA_DIR" in merged and "DATABASE_URL" not in merged:
        values["database_url"] = f"sqlite:///{values['data_dir'] / 'floodroom.sqlite3'}"
    return Settings(**values)
