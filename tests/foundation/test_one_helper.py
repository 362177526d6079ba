"""One helper for each job that was written several times (issue 17): atomic file writes live in
``ops.files`` only."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("auth", "briefing", "cli", "config", "data_sources", "domain", "geo", "i18n", "ingest", "ops", "services", "store", "ui", "pages")


def _calls(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            base = node.func.value.id if isinstance(node.func.value, ast.Name) else ""
            names.add(f"{base}.{node.func.attr}")
    return names


def test_only_ops_files_renames_a_temp_file_into_place():
    own = {"os.replace", "tempfile.mkstemp", "tmp.replace", "tempfile.NamedTemporaryFile"}
    offenders = [f"{p.relative_to(ROOT)}: {sorted(_calls(p) & own)}" for package in PACKAGES for p in (ROOT / package).rglob("*.py")
                 if p != ROOT / "ops" / "files.py" and _calls(p) & own]
    assert not offenders, f"atomic writes outside ops.files: {offenders}"
