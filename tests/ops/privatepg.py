"""A private PostgreSQL server of the test's own, to stop and start at will (the shared
server at 127.0.0.1:5432 is never touched).

    pg = PrivatePostgres.create()      # initdb in a temp folder, start on a free port
    pg.url("floodroom")                # postgresql+psycopg://postgres@127.0.0.1:PORT/floodroom
    pg.stop(); pg.start(); pg.destroy()

As root, initdb and the server run as the ``postgres`` OS user (``runuser``)."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.support.ci import skip_or_fail


def _bindir() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivatePostgres:
    def __init__(self, bindir: Path, root: Path, port: int, as_user: str | None):
        self.bindir, self.root, self.port, self.as_user = bindir, root, port, as_user
        self.data, self.log = root / "data", root / "server.log"

    @classmethod
    def create(cls) -> PrivatePostgres:
        bindir = _bindir()
        if bindir is None:
            skip_or_fail("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        as_user = None
        root = Path(tempfile.mkdtemp(prefix="floodroom-pg-"))
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                shutil.rmtree(root)
                skip_or_fail("running as root and there is no 'postgres' OS user to run a private server")
            as_user = "postgres"
            os.chown(root, user.pw_uid, user.pw_gid)
        pg = cls(bindir, root, _free_port(), as_user)
        pg._run(
            [str(bindir / "initdb"), "-D", str(pg.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]
        )
        pg.start()
        admin = create_engine(pg.url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text('CREATE DATABASE "floodroom"'))
        admin.dispose()
        return pg

    def _run(self, argv: list[str]) -> subprocess.CompletedProcess:
        if self.as_user:
            argv = ["runuser", "-u", self.as_user, "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr or done.stdout}")
        return done

    def url(self, database: str = "floodroom") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        self._run(
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ]
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; ``immediate`` is a crash as far as the clients can tell."""
        self._run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop"])

    def is_running(self) -> bool:
        argv = [str(self.bindir / "pg_ctl"), "-D", str(self.data), "status"]
        if self.as_user:
            argv = ["runuser", "-u", self.as_user, "--", *argv]
        return subprocess.run(argv, capture_output=True, timeout=30).returncode == 0

    def destroy(self) -> None:
        if self.data.exists() and self.is_running():
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


def wait_until(predicate, timeout_s: float, what: str, every_s: float = 0.2):
    """Poll ``predicate`` until it returns something truthy; fail naming ``what``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every_s)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
