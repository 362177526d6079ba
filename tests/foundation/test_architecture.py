"""House rules a test can check: only the UI layer imports streamlit; pages stay thin."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI_LAYER = ("pages", "ui")
NON_UI = ("config", "data_sources", "geo", "store", "domain", "ingest", "cli", "auth", "i18n")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_ui_layer_imports_streamlit():
    offenders = [str(p.relative_to(ROOT)) for d in NON_UI for p in (ROOT / d).rglob("*.py") if "streamlit" in _imports(p)]
    assert not offenders, f"streamlit imported outside pages/, ui/ and dashboard.py: {offenders}"


def test_pages_do_no_http_or_sql():
    offenders = []
    for path in (ROOT / "pages").glob("*.py"):
        banned = _imports(path) & {"requests", "sqlalchemy", "psycopg", "sqlite3", "urllib3"}
        if banned:
            offenders.append(f"{path.name}: {sorted(banned)}")
    assert not offenders, offenders


def test_pages_are_thin():
    fat = {p.name: n for p in (ROOT / "pages").glob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 200}
    assert not fat, f"pages over 200 lines (move logic to ui/ or domain/): {fat}"
