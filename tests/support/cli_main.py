"""``manage.py ARGS`` run by ``cli.main`` in the test's process, for tests whose point is not the
process itself (a process costs about 2 s of start-up)."""

from __future__ import annotations

import subprocess

from cli import main


def run_main(args: list[str], env: dict, monkeypatch, capsys) -> subprocess.CompletedProcess:
    """``args`` with ``env`` added to the environment; exit status, stdout and stderr as a
    ``CompletedProcess``, like ``subprocess.run(..., capture_output=True, text=True)``."""
    with monkeypatch.context() as patched:
        for name, value in env.items():
            patched.setenv(name, value)
        patched.delenv("FLOODROOM_DEBUG", raising=False)
        capsys.readouterr()
        code = main(args)
        out, err = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, out, err)
