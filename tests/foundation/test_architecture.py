"""House rules a test can check: only the UI layer imports streamlit; pages stay thin; every
package imports only in the directions docs/ARCHITECTURE.md draws, and no module imports itself
back through others."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UI_LAYER = ("pages", "ui")
NON_UI = (
    "config",
    "data_sources",
    "geo",
    "store",
    "domain",
    "ingest",
    "cli",
    "auth",
    "i18n",
    "services",
    "ops",
    "briefing",
    "notify",
)


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
    offenders = [
        str(p.relative_to(ROOT)) for d in NON_UI for p in (ROOT / d).rglob("*.py") if "streamlit" in _imports(p)
    ]
    assert not offenders, f"streamlit imported outside pages/, ui/ and dashboard.py: {offenders}"


def test_pages_do_no_http_or_sql():
    offenders = []
    for path in (ROOT / "pages").glob("*.py"):
        banned = _imports(path) & {"requests", "sqlalchemy", "psycopg", "sqlite3", "urllib3"}
        if banned:
            offenders.append(f"{path.name}: {sorted(banned)}")
    assert not offenders, offenders


def test_pages_are_thin():
    fat = {
        p.name: n for p in (ROOT / "pages").glob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 200
    }
    assert not fat, f"pages over 200 lines (move logic to ui/ or domain/): {fat}"


# What each top-level package (or entry script) may import from the project, drawn as the layer
# diagram in docs/ARCHITECTURE.md. A dotted entry allows that one module only. A package that is
# not listed here fails the test, so a new package gets its place in the drawing.
ALLOWED = {
    "manage.py": {"cli"},
    "dashboard.py": {"ui", "i18n", "auth", "config"},
    "pages": {
        "ui",
        "notify",
        "services",
        "briefing",
        "ingest",
        "geo",
        "store",
        "data_sources",
        "domain",
        "ops",
        "i18n",
        "auth",
        "config",
    },
    "ui": {
        "notify",
        "services",
        "briefing",
        "ingest",
        "geo",
        "store",
        "data_sources",
        "domain",
        "ops",
        "i18n",
        "auth",
        "config",
    },
    "cli": {
        "notify",
        "services",
        "briefing",
        "ingest",
        "geo",
        "store",
        "data_sources",
        "domain",
        "ops",
        "i18n",
        "auth",
        "config",
    },
    "services": {
        "notify",
        "briefing",
        "ingest",
        "geo",
        "store",
        "data_sources",
        "domain",
        "ops",
        "i18n",
        "auth",
        "config",
    },
    "briefing": {"geo", "store", "data_sources", "domain", "ops", "i18n", "auth", "config"},
    "notify": {"store", "ops", "i18n", "auth", "config"},  # the alert channels and the sender
    "ingest": {"geo", "store", "data_sources", "domain", "ops", "i18n", "auth", "config"},
    "geo": {"store", "data_sources", "domain", "ops", "i18n", "auth", "config"},
    "store": {"domain", "geo.gazetteer", "ops", "i18n", "auth", "config"},
    "data_sources": {"domain", "geo.gazetteer", "ops", "i18n", "config"},
    "domain": {"geo.gazetteer", "i18n", "config"},
    "i18n": {"auth"},  # the built-in actor's name only, imported late
    "ops": {"i18n"},  # the words of a refusal (i18n.diagnostic)
    "auth": set(),
    "config": set(),
}
ENTRY_SCRIPTS = ("manage.py", "dashboard.py")


def _packages() -> list[str]:
    found = [p.name for p in ROOT.iterdir() if p.is_dir() and ((p / "__init__.py").exists() or p.name == "pages")]
    return sorted(found) + list(ENTRY_SCRIPTS)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _project_imports(path: Path, packages: set[str]) -> set[str]:
    """Dotted project modules ``path`` imports, at the top or inside a function (a late import
    is still a dependency)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in packages}


def _sources() -> dict[str, Path]:
    """Every project module by dotted name (entry scripts by file name)."""
    out = {name: ROOT / name for name in ENTRY_SCRIPTS}
    for package in _packages():
        if package not in ENTRY_SCRIPTS:
            out.update({_module_name(p): p for p in (ROOT / package).rglob("*.py")})
    return out


def _allowed(owner: str, target: str) -> bool:
    top = target.split(".")[0]
    return top == owner or any(target == a or target.startswith(a + ".") or a == top for a in ALLOWED[owner])


def test_every_package_has_a_place_in_the_table():
    assert sorted(_packages()) == sorted(ALLOWED), (
        "add the package to ALLOWED and to the drawing in docs/ARCHITECTURE.md"
    )


def test_imports_follow_the_allowed_directions():
    packages = {p.removesuffix(".py") for p in _packages()} | set(_packages())
    offenders = []
    for name, path in _sources().items():
        owner = name if name in ENTRY_SCRIPTS else name.split(".")[0]
        offenders += [
            f"{name} -> {target}" for target in sorted(_project_imports(path, packages)) if not _allowed(owner, target)
        ]
    assert not offenders, f"imports against docs/ARCHITECTURE.md's directions: {offenders}"


@pytest.mark.parametrize(
    ("owner", "target"),
    [
        ("pages", "cli"),
        ("ui", "cli"),
        ("cli", "ui"),
        ("cli", "pages"),
        ("services", "cli"),
        ("services", "ui"),
        ("domain", "store"),
        ("store", "geo.boundaries"),
    ],
)
def test_the_table_forbids_the_directions_issue_17_names(owner, target):
    assert not _allowed(owner, target)


def test_the_drawing_is_the_table():
    """docs/ARCHITECTURE.md lists the same allowed imports as ALLOWED, one line a package."""
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for owner, targets in ALLOWED.items():
        line = f"`{owner}` → " + (", ".join(f"`{t}`" for t in sorted(targets)) or "nothing")
        assert line in text, f"docs/ARCHITECTURE.md lacks the line: {line}"


def test_no_module_imports_itself_back():
    sources = _sources()
    graph = {
        name: {t for t in _project_imports(path, {n.split(".")[0] for n in sources}) if t in sources and t != name}
        for name, path in sources.items()
    }
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return trail + [node, nxt]
            if nxt not in state and (cycle := visit(nxt, trail + [node])):
                return cycle
        state[node] = 2
        return None

    cycles = [c for name in sorted(graph) if name not in state and (c := visit(name, []))]
    assert not cycles, f"import cycle: {' -> '.join(cycles[0])}"
