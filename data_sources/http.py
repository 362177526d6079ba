"""HTTP plumbing shared by the adapters: a polite session, retries, and JSON fetch
that maps every failure onto the ``SourceError`` tree.

The session is passed in (``requests.Session``), so tests mount a transport
adapter that replays recorded files through the same code path.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from data_sources.errors import SourceFormatError, SourceUnavailable

USER_AGENT = "FloodRoom/1.0 (provincial flood operations dashboard; contact: provincial disaster office)"
MAX_REDIRECTS = 5


def build_session(retries: int = 3, backoff: float = 1.0) -> requests.Session:
    """A ``requests.Session`` with a polite User-Agent and retry with exponential backoff
    on connection errors and 429/502/503/504 (honouring ``Retry-After``)."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=(429, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


@dataclass(frozen=True)
class Fetched:
    """A decoded reply with what the health table wants to know about it."""

    payload: object
    latency_s: float
    bytes: int
    url: str


def mask(text: str, secrets: tuple[str, ...]) -> str:
    """Replace every non-empty secret in ``text`` with ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _timed_out(exc: BaseException) -> bool:
    """True when the failure is a timeout, also when urllib3's retries wrapped it in a
    ConnectionError(MaxRetryError(reason=ReadTimeoutError))."""

    def is_timeout(error: object) -> bool:
        # urllib3's NewConnectionError (connection refused) subclasses its timeout error
        return (
            isinstance(error, (requests.Timeout, urllib3.exceptions.TimeoutError))
            and not isinstance(error, (requests.ConnectionError, urllib3.exceptions.NewConnectionError))
            or isinstance(error, requests.ConnectTimeout)
        )

    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            return False
        if is_timeout(seen) or is_timeout(getattr(seen, "reason", None)):
            return True
        seen = seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else seen.__cause__
    return False


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower().rsplit("@", 1)[-1]


def _get_same_origin(
    session: requests.Session, source: str, url: str, params: dict | None, headers: dict | None, timeout: float
) -> requests.Response:
    """GET for a request that carries a key in a header: redirects are followed only to
    the same scheme and host. requests strips ``Authorization`` on a cross-host redirect
    but forwards any other header, so an ``API-Key`` would reach whatever host the
    redirect names; such a redirect is refused instead (``SourceUnavailable``)."""
    origin = _origin(url)
    for _ in range(MAX_REDIRECTS + 1):
        response = session.get(url, params=params, headers=headers, timeout=timeout, allow_redirects=False)
        if not response.is_redirect:
            return response
        target = urljoin(response.url or url, response.headers.get("location", ""))
        if _origin(target) != origin:
            scheme, host = _origin(target)
            raise SourceUnavailable(
                source,
                f"the server redirected to another host ({scheme}://{host}); the API key is not sent there",
                response.status_code,
            )
        url, params = target, None  # the Location already carries the query
    raise SourceUnavailable(source, f"more than {MAX_REDIRECTS} redirects")


def fetch_json(
    session: requests.Session,
    source: str,
    url: str,
    *,
    params: dict | None = None,
    headers: dict | None = None,
    timeout: float = 30.0,
    secrets: tuple[str, ...] = (),
) -> Fetched:
    """GET ``url`` and decode JSON. Raises ``SourceUnavailable`` for network errors,
    timeouts and HTTP errors, ``SourceFormatError`` for a body that is not JSON
    (an HTML error page, a truncated reply). ``secrets`` are masked in messages."""
    started = time.perf_counter()
    try:
        if any(secrets):
            response = _get_same_origin(session, source, url, params, headers, timeout)
        else:
            response = session.get(url, params=params, headers=headers, timeout=timeout)
    except requests.RequestException as exc:
        if _timed_out(exc):
            raise SourceUnavailable(source, f"no answer within {timeout:g} s (after retries)") from exc
        raise SourceUnavailable(source, mask(f"cannot connect ({type(exc).__name__}: {exc})", secrets)) from exc
    latency = time.perf_counter() - started
    if response.status_code == 429:
        raise SourceUnavailable(source, "rate limited (HTTP 429); the API refuses too many or cloud requests", 429)
    if response.status_code >= 400:
        raise SourceUnavailable(source, f"HTTP {response.status_code} from the server", response.status_code)
    body = response.content
    try:
        payload = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        kind = "an HTML page" if body.lstrip()[:1] == b"<" else "invalid or truncated JSON"
        raise SourceFormatError(source, f"expected JSON but got {kind} ({len(body):,} bytes): {exc}") from exc
    return Fetched(payload=payload, latency_s=latency, bytes=len(body), url=mask(response.url, secrets))
