"""Benchmark: alert delivery by the ingest worker against local servers (issue 19 figures).

    .venv/bin/python bench/bench_alerts.py [--alerts 1000] [--latency-runs 20] [--channel mixed|line|webhook|email]
                                           [--postgres]

Starts the real local servers of the tests (SMTP with STARTTLS and AUTH, the LINE Messaging API
stand-in, a signed-webhook receiver), a fresh database (SQLite file, or a throwaway PostgreSQL
database with --postgres), and the worker as the operator runs it: ``manage.py ingest --every 10m``
(its one source pointed at a closed port, so its polls fail at once and the sender thread is what
is measured). Then:

1. latency: one alert at a time is queued (committed) and timed until the server has it:
   enqueue -> handed to the channel (the event detection that turns an ingested reading into
   the enqueue is not part of this branch);
2. throughput: ``--alerts`` alerts queued in one transaction, timed until all are sent; the
   servers' counts prove no loss and no doubles;
3. the worker's peak memory: ``ru_maxrss`` of the worker process (``os.wait4`` after it stops).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from store.db import make_engine, migrate  # noqa: E402
from store.outbox import AlertDraft, enqueue_alerts, outbox_counts  # noqa: E402
from tests.alerts.conftest import alert_env  # noqa: E402
from tests.alerts.servers import make_certificate, start_hook, start_line, start_smtp  # noqa: E402

LINE_ID = "U" + "0123456789abcdef" * 2
HOOK_SECRET = "webhook-secret-for-tests"


def _received(servers: dict) -> int:
    line, hook, smtp = servers["line"], servers["hook"], servers["smtp"]
    return len(line.accepted) + sum(hook.deliveries.values()) + len(smtp.messages)


def _draft(i: int, channel: str, servers: dict, prefix: str) -> AlertDraft:
    if channel == "mixed":
        channel = ("line", "webhook", "email")[i % 3]
    address = {"line": LINE_ID, "webhook": servers["hook_url"], "email": f"officer{i}@example.go.th"}[channel]
    payload = {"station": "M.7", "text": f"ระดับน้ำ M.7 {112 + i / 1000:.3f} ม.รทก. ({prefix} {i})"}
    return AlertDraft(f"{prefix}:{i}", "water.bank", "warning", channel, address, f"officer{i}", "th", payload)


def _wait_for(condition, timeout: float, poll_s: float = 0.005) -> float:
    """When ``condition`` became true (perf_counter), polled every ``poll_s``."""
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"timed out after {timeout:g} s")
        time.sleep(poll_s)
    return time.perf_counter()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=1000)
    parser.add_argument("--latency-runs", type=int, default=20)
    parser.add_argument("--channel", choices=("mixed", "line", "webhook", "email"), default="mixed")
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench_alerts_"))
    cert, key = make_certificate(tmp)
    smtp_controller, smtp, smtp_port = start_smtp(cert, key)
    line_server, line, line_url = start_line(quota_limit=None)
    hook_server, hook, hook_url = start_hook(HOOK_SECRET)
    servers = {"line": line, "hook": hook, "smtp": smtp, "hook_url": hook_url}
    if args.postgres:
        from tests.support.postgres import create_database, drop_database

        url = create_database("floodroom_bench_alerts")
    else:
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    env = {
        **os.environ,
        **alert_env(tmp, smtp_port, line_url),
        "DATABASE_URL": url,
        "SSL_CERT_FILE": str(cert),
        "THAIWATER_BASE_URL": "http://127.0.0.1:1/",
    }
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "ingest", "--every", "10m", "--source", "thaiwater"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        database = "PostgreSQL" if args.postgres else "SQLite"
        print(f"database: {database}; channel: {args.channel}; worker pid {worker.pid}")
        latencies = []
        for i in range(args.latency_runs + 1):  # the first one warms the worker up and is not counted
            before = _received(servers)
            with engine.begin() as conn:
                enqueue_alerts(conn, [_draft(i, args.channel, servers, "latency")])
            queued = time.perf_counter()
            handed = _wait_for(lambda before=before: _received(servers) > before, timeout=60)
            if i:
                latencies.append(handed - queued)
        latencies.sort()
        p95 = latencies[max(int(len(latencies) * 0.95) - 1, 0)]
        print(
            f"latency enqueue -> handed to the channel, {len(latencies)} alerts one at a time: "
            f"median {statistics.median(latencies):.3f} s, p95 {p95:.3f} s, max {latencies[-1]:.3f} s"
        )
        before = _received(servers)
        drafts = [_draft(i, args.channel, servers, "burst") for i in range(args.alerts)]
        with engine.begin() as conn:
            enqueue_alerts(conn, drafts)
        queued = time.perf_counter()
        # polled slowly: the servers share this process, and a busy poll would slow them down
        done = _wait_for(
            lambda: outbox_counts(engine)["sent"] == args.alerts + args.latency_runs + 1, timeout=1800, poll_s=0.25
        )
        elapsed = done - queued
        counts = outbox_counts(engine)
        received = _received(servers) - before
        line_keys = [m["key"] for m in line.accepted]
        doubles = (len(line_keys) - len(set(line_keys))) + sum(n - 1 for n in hook.deliveries.values())
        doubles += sum(n - 1 for n in smtp.message_ids().values())
        print(
            f"{args.alerts:,} alerts queued at once: all sent in {elapsed:.1f} s = "
            f"{args.alerts / elapsed:.1f} alerts/s; "
            f"outbox {counts}; servers received {received:,} of them (with the latency runs: LINE "
            f"{len(line.accepted):,}, webhook {sum(hook.deliveries.values()):,}, e-mail {len(smtp.messages):,}); "
            f"doubles {doubles}; "
            f"LINE 409s {line.conflicts}"
        )
    finally:
        worker.send_signal(signal.SIGINT)
        _pid, _status, usage = os.wait4(worker.pid, 0)
        print(f"worker peak memory (ru_maxrss of manage.py ingest --every): {usage.ru_maxrss / 1024:.1f} MiB")
        engine.dispose()
        smtp_controller.stop()
        line_server.shutdown()
        hook_server.shutdown()
        if args.postgres:
            drop_database(url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
