"""fetch_json maps every transport failure onto the SourceError tree with a message a person can act on."""

import pytest
import requests
import urllib3

from data_sources.errors import SourceFormatError, SourceUnavailable
from data_sources.http import fetch_json
from tests.support.replay import Reply, replay_session

URL = "https://api.example.test/data"


def _wrapped_read_timeout():
    pool_error = urllib3.exceptions.ReadTimeoutError(None, URL, "Read timed out. (read timeout=2)")
    return requests.ConnectionError(urllib3.exceptions.MaxRetryError(None, URL, reason=pool_error))


def _wrapped_refusal():
    refused = urllib3.exceptions.NewConnectionError(
        None, "Failed to establish a new connection: [Errno 111] Connection refused"
    )
    return requests.ConnectionError(urllib3.exceptions.MaxRetryError(None, URL, reason=refused))


@pytest.mark.parametrize(
    "reply, error, words",
    [
        (Reply(raises=requests.ReadTimeout("slow")), SourceUnavailable, "no answer within 2 s"),
        (Reply(raises=_wrapped_read_timeout()), SourceUnavailable, "no answer within 2 s"),
        (Reply(raises=requests.ConnectionError("Name or service not known")), SourceUnavailable, "cannot connect"),
        (Reply(raises=_wrapped_refusal()), SourceUnavailable, "cannot connect"),
        (Reply(status=429), SourceUnavailable, "rate limited (HTTP 429)"),
        (Reply(status=503), SourceUnavailable, "HTTP 503"),
        (Reply(body=b"<html>maintenance</html>"), SourceFormatError, "an HTML page"),
        (Reply(body=b'{"data": [1, 2'), SourceFormatError, "invalid or truncated JSON"),
    ],
)
def test_failures_become_source_errors(reply, error, words):
    with pytest.raises(error) as info:
        fetch_json(replay_session({URL: reply}), "example", URL, timeout=2)
    assert words in str(info.value) and str(info.value).startswith("example:")


def test_good_reply_is_decoded_with_its_size():
    fetched = fetch_json(replay_session({URL: Reply(body='{"ok": "ใช่"}')}), "example", URL)
    assert fetched.payload == {"ok": "ใช่"} and fetched.bytes == len('{"ok": "ใช่"}'.encode())


def test_secrets_are_masked_in_messages():
    session = replay_session({URL: Reply(raises=requests.ConnectionError(f"refused {URL}?key=s3cr3t"))})
    with pytest.raises(SourceUnavailable) as info:
        fetch_json(session, "example", URL, secrets=("s3cr3t",))
    assert "s3cr3t" not in str(info.value) and "***" in str(info.value)
