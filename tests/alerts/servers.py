"""Real local servers for the channel tests: an SMTP server with STARTTLS and AUTH (aiosmtpd,
a certificate made by openssl for 127.0.0.1), a LINE Messaging API stand-in that checks the
documented request and answers as LINE does, and a webhook receiver that checks the signature.
Each counts what it received, so a test can say "delivered once"."""

from __future__ import annotations

import json
import re
import socket
import ssl
import subprocess
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from notify.webhook import verify_signature

LINE_TOKEN = "test-channel-token-0123456789"
LINE_TO = re.compile(r"^[UCR][0-9a-f]{32}$")
UUID_TEXT = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate and key for 127.0.0.1 (openssl), valid one day."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
            "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


# ------------------------------------------------------------------ SMTP
@dataclass
class SmtpRecorder:
    """What the SMTP server accepted; ``refuse`` addresses get 550, ``stall_rcpt_s`` waits at RCPT."""

    messages: list = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    stall_rcpt_s: float = 0.0
    tls_sessions: int = 0
    logins: list = field(default_factory=list)
    rcpt_seen: int = 0
    stall_data_s: float = 0.0  # wait this long after accepting a message, before answering 250

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_seen += 1
        if self.stall_rcpt_s:
            import asyncio

            await asyncio.sleep(self.stall_rcpt_s)
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if session.ssl is not None:
            self.tls_sessions += 1
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        if self.stall_data_s:
            import asyncio

            await asyncio.sleep(self.stall_data_s)
        return "250 Message accepted for delivery"

    def message_ids(self) -> Counter:
        return Counter(m[2]["Message-ID"] for m in self.messages)


def start_smtp(cert: Path, key: Path, *, user: str = "alerts", password: str = "smtp-secret"):
    """(controller, recorder, port): a server that requires STARTTLS before AUTH and MAIL."""
    import logging

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd warns of its own deprecated attribute
    recorder = SmtpRecorder()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == user.encode() and auth_data.password == password.encode()
        recorder.logins.append((auth_data.login.decode(), ok))
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 235 or 535

    port = free_port()
    controller = Controller(
        recorder,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
        auth_require_tls=True,
        ready_timeout=10,
    )
    controller.start()
    return controller, recorder, port


# ------------------------------------------------------------------ LINE
class LineState:
    def __init__(self, quota_limit: int | None = 500):
        self.accepted: list[dict] = []  # pushes and broadcasts LINE executed
        self.keys: set[str] = set()
        self.requests = 0
        self.conflicts = 0
        self.bad: list[str] = []  # why a request was refused as malformed
        self.script: list[int] = []  # statuses to answer next, before the real handling
        self.stall_s = 0.0  # wait this long after accepting, before answering
        self.quota_limit = quota_limit
        self.lock = threading.Lock()


class _LineHandler(BaseHTTPRequestHandler):
    state: LineState

    def log_message(self, *args):  # quiet
        pass

    def _answer(self, status: int, body: dict, headers: dict | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("x-line-request-id", str(uuid.uuid4()))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        if self.headers.get("Authorization") != f"Bearer {LINE_TOKEN}":
            self._answer(401, {"message": "Authentication failed. Confirm that the access token is valid."})
            return False
        return True

    def do_GET(self):
        if not self._authorised():
            return
        if self.path == "/v2/bot/message/quota":
            limit = self.state.quota_limit
            self._answer(200, {"type": "none"} if limit is None else {"type": "limited", "value": limit})
        elif self.path == "/v2/bot/message/quota/consumption":
            self._answer(200, {"totalUsage": len(self.state.accepted)})
        else:
            self._answer(404, {"message": "Not found"})

    def _refuse(self, why: str) -> None:
        self.state.bad.append(why)
        self._answer(400, {"message": "The request body has 1 error(s)", "details": [{"message": why}]})

    def do_POST(self):
        state = self.state
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with state.lock:
            state.requests += 1
            scripted = state.script.pop(0) if state.script else None
        if scripted == 429:
            return self._answer(429, {"message": "Too Many Requests"}, {"Retry-After": "1"})
        if scripted:
            return self._answer(scripted, {"message": "Internal Server Error"})
        if not self._authorised():
            return None
        if self.path not in ("/v2/bot/message/push", "/v2/bot/message/broadcast"):
            return self._answer(404, {"message": "Not found"})
        if not self.headers.get("Content-Type", "").startswith("application/json"):
            return self._refuse("Content-Type must be application/json")
        key = self.headers.get("X-Line-Retry-Key")
        if key is not None and not UUID_TEXT.match(key):
            return self._refuse("X-Line-Retry-Key must be a UUID")
        try:
            document = json.loads(body)
        except ValueError:
            return self._refuse("body is not JSON")
        messages = document.get("messages")
        if self.path.endswith("/push") and not LINE_TO.match(str(document.get("to", ""))):
            return self._refuse("to: invalid user, group or room id")
        if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
            return self._refuse("messages: 1 to 5 message objects")
        for m in messages:
            if m.get("type") != "text" or not isinstance(m.get("text"), str) or not 1 <= len(m["text"]) <= 5000:
                return self._refuse("messages[].text: a text of 1 to 5000 characters")
        with state.lock:
            if key is not None and key in state.keys:
                state.conflicts += 1
                return self._answer(
                    409,
                    {"message": "The retry key is already accepted"},
                    {"x-line-accepted-request-id": str(uuid.uuid4())},
                )
            if key is not None:
                state.keys.add(key)
            state.accepted.append({"path": self.path, "key": key, **document})
        if state.stall_s:
            time.sleep(state.stall_s)
        return self._answer(200, {"sentMessages": [{"id": str(i), "quoteToken": "q"} for i in range(len(messages))]})


def start_line(quota_limit: int | None = 500) -> tuple[ThreadingHTTPServer, LineState, str]:
    state = LineState(quota_limit)
    handler = type("LineHandler", (_LineHandler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, state, f"http://127.0.0.1:{server.server_address[1]}/"


# ------------------------------------------------------------------ webhook
class HookState:
    def __init__(self, secret: str):
        self.secret = secret
        self.posts: list[dict] = []  # every POST with a valid signature
        self.deliveries: Counter = Counter()  # delivery id -> times received
        self.bad_signatures = 0
        self.script: list[int] = []
        self.stall_s = 0.0
        self.lock = threading.Lock()


class _HookHandler(BaseHTTPRequestHandler):
    state: HookState

    def log_message(self, *args):
        pass

    def do_POST(self):
        state = self.state
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        ok = verify_signature(
            state.secret,
            self.headers.get("X-FloodRoom-Timestamp", ""),
            body,
            self.headers.get("X-FloodRoom-Signature", ""),
        )
        with state.lock:
            scripted = state.script.pop(0) if state.script else None
        if scripted:
            self.send_response(scripted)
            self.end_headers()
            return
        if not ok:
            with state.lock:
                state.bad_signatures += 1
            self.send_response(401)
            self.end_headers()
            return
        delivery = self.headers.get("X-FloodRoom-Delivery", "")
        with state.lock:
            state.deliveries[delivery] += 1
            state.posts.append(json.loads(body))
        if state.stall_s:
            time.sleep(state.stall_s)
        self.send_response(204)
        self.end_headers()


def start_hook(secret: str) -> tuple[ThreadingHTTPServer, HookState, str]:
    state = HookState(secret)
    handler = type("HookHandler", (_HookHandler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, state, f"http://127.0.0.1:{server.server_address[1]}/hook"
