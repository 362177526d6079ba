"""One helper for each job that was written several times (issue 17): atomic file writes live in
``ops.files`` only."""

import ast
from pathlib import Path

from config.logs import PROJECT_PACKAGES

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (*PROJECT_PACKAGES, "pages")  # the project's packages are named once, in config.logs


def _calls(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            base = node.func.value.id if isinstance(node.func.value, ast.Name) else ""
            names.add(f"{base}.{node.func.attr}")
    return names


def test_only_ops_files_renames_a_temp_file_into_place():
    own = {"os.replace", "tempfile.mkstemp", "tmp.replace", "tempfile.NamedTemporaryFile"}
    offenders = [
        f"{p.relative_to(ROOT)}: {sorted(_calls(p) & own)}"
        for package in PACKAGES
        for p in (ROOT / package).rglob("*.py")
        if p != ROOT / "ops" / "files.py" and _calls(p) & own
    ]
    assert not offenders, f"atomic writes outside ops.files: {offenders}"


def _recursive_rounders(path: Path) -> list[str]:
    """Functions that call ``round`` and themselves: a hand-written coordinate rounder."""
    out = []
    for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(fn, ast.FunctionDef):
            called = {n.func.id for n in ast.walk(fn) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
            if "round" in called and fn.name in called:
                out.append(f"{path.relative_to(ROOT)}:{fn.name}")
    return out


def test_one_coordinate_rounder():
    found = [r for package in PACKAGES for p in (ROOT / package).rglob("*.py") for r in _recursive_rounders(p)]
    assert found == ["geo/display.py:round_coordinates"]


def test_one_table_of_month_and_day_names():
    owners = {
        str(p.relative_to(ROOT))
        for package in PACKAGES
        for p in (ROOT / package).rglob("*.py")
        if any(
            isinstance(n, ast.Constant) and n.value in ("Monday", "January", "จันทร์", "มกราคม")
            for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        )
    }
    assert owners == {"i18n/timefmt.py"}


def test_one_centre_and_zoom_for_the_plotly_maps():
    """geo.display.map_view frames the impact, shelter and deck maps (geo.display.axis_view,
    the station map's x/y domains, shares its bounds)."""
    computed = []
    for path in (ROOT / "ui" / "impact_map.py", ROOT / "ui" / "shelters.py", ROOT / "briefing" / "figures.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = [
                t
                for n in ([node] if isinstance(node, ast.Assign) else [])
                for t in ast.walk(n.targets[0])
                if isinstance(t, ast.Name)
            ]
            if any(t.id == "zoom" for t in targets) and not (
                isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") == "map_view"
            ):
                computed.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not computed, f"zoom computed outside geo.display.map_view: {computed}"


def test_map_view_frames_the_points():
    from geo.display import map_view

    centre, zoom = map_view([104.0, 106.0, float("nan")], [14.0, 16.0, 15.0], width=900, height=560)
    assert centre == {"lat": 15.0, "lon": 105.0} and 7.0 < zoom < 8.0
    assert map_view([], []) == ({"lat": 15.0, "lon": 104.8}, 7.0)
