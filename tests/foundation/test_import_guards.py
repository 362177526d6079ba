"""A module that exists is imported plainly: when its import breaks, the caller fails loudly
instead of silently dropping a check (issue 17)."""

import ast
from pathlib import Path

import pytest

from config.logs import PROJECT_PACKAGES

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (*PROJECT_PACKAGES, "pages")  # the project's packages are named once, in config.logs


def _guarded_project_imports(path: Path) -> list[str]:
    """Project modules imported inside a ``try`` whose handler catches ImportError."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Try):
            continue
        catches = {
            n.id for h in node.handlers if h.type is not None for n in ast.walk(h.type) if isinstance(n, ast.Name)
        }
        if not catches & {"ImportError", "ModuleNotFoundError"}:
            continue
        for inner in node.body:
            for sub in ast.walk(inner):
                name = (
                    sub.module
                    if isinstance(sub, ast.ImportFrom)
                    else (sub.names[0].name if isinstance(sub, ast.Import) else None)
                )
                if name and name.split(".")[0] in PACKAGES:
                    found.append(f"{path.relative_to(ROOT)}: {name}")
    return found


def test_no_project_module_is_imported_under_an_import_error_guard():
    guarded = [g for package in PACKAGES for p in (ROOT / package).rglob("*.py") for g in _guarded_project_imports(p)]
    guarded += _guarded_project_imports(ROOT / "dashboard.py")
    assert not guarded, f"guarded imports of modules that exist: {guarded}"


def test_a_broken_boundary_module_fails_the_check_command(monkeypatch, settings):
    import sys

    from cli.core import _component_checks

    monkeypatch.setitem(sys.modules, "geo.boundaries", None)
    with pytest.raises(ImportError):
        _component_checks(settings)
