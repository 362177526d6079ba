"""Every write refuses the wrong role (issue 14, security suite, write functions).

Generated from ``auth.ACTIONS``: ``WRITERS`` maps each action to the real write functions
that need it, each with the people it must refuse (not signed in, a viewer, officers out
of scope) and one it must accept. An action of ``ACTIONS`` with no writer here fails
``test_every_action_has_a_writer``; a write function in ``store/`` or ``geo/`` that checks
a permission but is not listed fails ``test_every_checked_write_function_is_listed``. So a
new action or write function is covered by being listed. Store level, on SQLite and
PostgreSQL (the ``engine`` fixture).

Officer scope, as decided for issue 14 (README, roles table): an officer limited to
districts writes only records of those districts; a province-wide record (the flood-extent
layer, a checklist item with no district) needs an admin or an officer without a district
limit; an officer with agencies writes only records of those agencies.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest

from auth import ACTIONS, SYSTEM, PermissionDenied, User
from data_sources.errors import SourceUnavailable
from geo.boundaries import boundary_status, save_districts
from geo.download import fetch_geoboundaries, fetch_hdx
from geo.normalise import normalise_districts, read_boundary_file
from services.impact import import_impact, import_shelters
from store import alerts, checklist_items, checklists, outbox, public_messages, screens, users
from store.briefings import SNAPSHOT_VERSION, save_briefing
from store.impact import ExtentLayer, read_flood_areas, save_flood_extent, save_impact_reports, save_shelters
from tests.impact.conftest import FIXTURES, NOW
from tests.support.ci import reference_path
from tests.support.replay import replay_session

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "flood_province_default.toml"
OPENED = datetime(2026, 10, 1, tzinfo=UTC)

ADMIN = User("admin1", "Admin One", "admin")
VIEWER = User("governor.office", "Governor's office", "viewer")
MUEANG = User("somchai", "Somchai (local gov, Mueang)", "officer", agencies=("local_gov",), districts=("3401",))
MUEANG_ANY_AGENCY = User("nid", "Nid (Mueang, every agency)", "officer", districts=("3401",))
WARIN = User("malee", "Malee (local gov, Warin)", "officer", agencies=("local_gov",), districts=("3415",))
MUEANG_HEALTH = User("porn", "Porn (health, Mueang)", "officer", agencies=("pho",), districts=("3401",))
PROVINCE_RID = User("chai", "Chai (RID, whole province)", "officer", agencies=("rid",))
PROVINCE_DDPM = User("kanya", "Kanya (DDPM, whole province)", "officer", agencies=("ddpm",))
PROVINCE_ANY = User("wit", "Wit (provincial office, no limit)", "officer")


@dataclass(frozen=True)
class Writer:
    """One write function: ``call(world, user)`` does a real write as ``user``."""

    name: str
    call: Callable[[World, User | None], object]
    refused: tuple[User, ...]
    accepted: User
    covers: tuple[str, ...] = field(default=())  # the checked functions this call goes through


def admin_only(name: str, call: Callable[[World, User | None], object]) -> Writer:
    """A write only an admin may make, checked in the function of the same name."""
    return Writer(name, call, refused=(*NOBODY, *OFFICERS), accepted=ADMIN, covers=(name,))


def district_writer(name: str, call: Callable[[World, User | None], object]) -> Writer:
    """A write of one district's figures: its officer may, another district's may not."""
    return Writer(name, call, refused=(*NOBODY, WARIN), accepted=MUEANG, covers=(name, "_require_districts"))


class World:
    """What the writers act on: an open event, accounts, validated import rows, districts."""

    def __init__(self, engine, settings):
        self.engine, self.settings = engine, settings
        text = TEMPLATE.read_text(encoding="utf-8")
        self.template_text = text
        template_id = checklists.load_template(engine, SYSTEM, text, str(TEMPLATE))
        self.event_id = checklists.open_event(
            engine, ADMIN, "Mun flood Oct 2026", "34", ["3401", "3415"], template_id, now=OPENED
        )
        users.create_user(engine, SYSTEM, "target", "Target account", "officer", "a long and proper passphrase 1")
        self.made = 0
        screens.create_screen_token(engine, SYSTEM, "meeting-room")

    def new_screen_token(self, user: User | None) -> str:
        self.made += 1
        return screens.create_screen_token(self.engine, user, f"wall-{self.made}")

    def item(self, key: str, district: str | None) -> int:
        frame = checklists.items_frame(self.engine, self.event_id)
        rows = frame[
            (frame["item_key"] == key)
            & (frame["district_code"].isna() if district is None else frame["district_code"] == district)
        ]
        return int(rows.iloc[0]["id"])

    def update(self, user, key: str, district: str | None):
        item = checklists.get_item(self.engine, self.item(key, district))
        return checklist_items.update_item(
            self.engine, user, item.id, item.version, note=f"checked by {getattr(user, 'username', None)}"
        )

    def impact_rows(self) -> pd.DataFrame:
        outcome = import_impact(
            self.engine, ADMIN, self.settings, FIXTURES / "en_district.csv", "en_district.csv", dry_run=True, now=NOW
        )
        return outcome.records[outcome.records["district_code"] == "3401"]

    def shelter_rows(self) -> pd.DataFrame:
        outcome = import_shelters(
            self.engine, ADMIN, self.settings, FIXTURES / "shelters.csv", "shelters.csv", dry_run=True, now=NOW
        )
        return outcome.records[outcome.records["district_code"] == "3401"]

    def extent(self, user):
        areas = pd.DataFrame(
            [
                {"district_code": "3401", "area_km2": 2.5, "area_rai": 1562.5},
                {"district_code": "3415", "area_km2": 1.0, "area_rai": 625.0},
            ]
        )
        layer = ExtentLayer("gistda", date(2026, 10, 2), json.dumps({"type": "FeatureCollection", "features": []}), 2)
        return save_flood_extent(self.engine, user, areas, layer, "attribute")

    def districts(self, user):
        path = reference_path("boundaries", "ubon_districts_simplified.geojson")
        normalised = normalise_districts(read_boundary_file(path, "34"), "34", source="test", licence="test")
        return save_districts(self.settings, normalised, actor=user)

    def fetch(self, fetcher, user):
        """A boundary download as ``user``: the permission is checked before the network is
        touched, so with no reachable server an accepted user gets ``SourceUnavailable``."""
        try:
            return fetcher(self.settings, replay_session({}), actor=user)
        except SourceUnavailable as exc:
            return exc

    def new_user(self, user):
        self.made += 1
        return users.create_user(
            self.engine, user, f"new{self.made}", "New account", "viewer", "a long and proper passphrase 2"
        )


def _snapshot() -> dict:
    return {
        "version": SNAPSHOT_VERSION,
        "province_code": "34",
        "taken_at": OPENED.isoformat(),
        "stations": [],
        "districts": [],
        "sources": [],
    }


NOBODY = (None, VIEWER)
OFFICERS = (MUEANG, MUEANG_ANY_AGENCY, PROVINCE_ANY)  # even an officer with no limit is no admin

WRITERS: dict[str, tuple[Writer, ...]] = {
    "checklist.update": (
        Writer(
            "update_item (district item)",
            lambda w, u: w.update(u, "open-evacuation-centres", "3401"),
            refused=(*NOBODY, WARIN, MUEANG_HEALTH, PROVINCE_RID),
            accepted=MUEANG,
            covers=("update_item",),
        ),
        Writer(
            "update_item (province-wide item)",
            lambda w, u: w.update(u, "deploy-pumps", None),
            refused=(*NOBODY, MUEANG, MUEANG_ANY_AGENCY, PROVINCE_DDPM),
            accepted=PROVINCE_RID,
            covers=("update_item",),
        ),
        Writer(
            "update_item (province-wide item, officer without limits)",
            lambda w, u: w.update(u, "inventory-equipment", None),
            refused=(*NOBODY, MUEANG_ANY_AGENCY, PROVINCE_RID),
            accepted=PROVINCE_ANY,
            covers=("update_item",),
        ),
    ),
    "checklist.admin": (
        admin_only(
            "load_template",
            lambda w, u: checklists.load_template(w.engine, u, w.template_text.replace("flood", "flood-v2", 1)),
        ),
        admin_only("open_event", lambda w, u: checklists.open_event(w.engine, u, "Second wave", "34", ["3401"])),
        admin_only(
            "apply_triggers", lambda w, u: checklist_items.apply_triggers(w.engine, w.event_id, pd.DataFrame(), actor=u)
        ),
    ),
    "impact.write": (
        district_writer("save_impact_reports", lambda w, u: save_impact_reports(w.engine, u, w.impact_rows(), "test")),
    ),
    "shelter.write": (
        district_writer("save_shelters", lambda w, u: save_shelters(w.engine, u, w.shelter_rows(), "test")),
    ),
    "flood_extent.write": (
        Writer(
            "save_flood_extent",
            lambda w, u: w.extent(u),
            refused=(*NOBODY, MUEANG, MUEANG_ANY_AGENCY, WARIN),
            accepted=PROVINCE_ANY,
            covers=("save_flood_extent",),
        ),
    ),
    "boundaries.write": (
        admin_only("save_districts", lambda w, u: w.districts(u)),
        admin_only("fetch_geoboundaries", lambda w, u: w.fetch(fetch_geoboundaries, u)),
        admin_only("fetch_hdx", lambda w, u: w.fetch(fetch_hdx, u)),
    ),
    "briefing.save": (  # a briefing is a snapshot of what everyone sees: any officer may save one
        Writer(
            "save_briefing",
            lambda w, u: save_briefing(w.engine, u, _snapshot()),
            refused=NOBODY,
            accepted=MUEANG,
            covers=("save_briefing",),
        ),
    ),
    "alerts.admin": (
        Writer(
            "set_contact of another account",
            lambda w, u: alerts.set_contact(w.engine, u, "target", email="target@example.go.th"),
            refused=(*NOBODY, *OFFICERS),
            accepted=ADMIN,
            covers=("_may_edit",),
        ),
        Writer(
            "set_default",
            lambda w, u: alerts.set_default(w.engine, u, "email", "water.bank", role="officer"),
            refused=(*NOBODY, *OFFICERS),
            accepted=ADMIN,
            covers=("set_default",),
        ),
        Writer(
            "remove_default",
            lambda w, u: alerts.remove_default(w.engine, u, 1),
            refused=(*NOBODY, *OFFICERS),
            accepted=ADMIN,
            covers=("remove_default",),
        ),
        Writer(
            "set_supervisor",
            lambda w, u: alerts.set_supervisor(w.engine, u, "3401", "target"),
            refused=(*NOBODY, *OFFICERS),
            accepted=ADMIN,
            covers=("set_supervisor",),
        ),
        Writer(
            "remove_supervisor",
            lambda w, u: alerts.remove_supervisor(w.engine, u, "3401", "target"),
            refused=(*NOBODY, *OFFICERS),
            accepted=ADMIN,
            covers=("remove_supervisor",),
        ),
        Writer(
            "set_line_reserve",
            lambda w, u: alerts.set_line_reserve(w.engine, u, 30),
            refused=(*NOBODY, *OFFICERS),
            accepted=ADMIN,
            covers=("set_line_reserve",),
        ),
        Writer(
            "set_public_webhooks",
            lambda w, u: alerts.set_public_webhooks(w.engine, u, ["https://hooks.example.com/a"]),
            refused=(*NOBODY, *OFFICERS),
            accepted=ADMIN,
            covers=("set_public_webhooks",),
        ),
        Writer(
            "resend",
            lambda w, u: outbox.resend(w.engine, u, 1),
            refused=(*NOBODY, *OFFICERS),
            accepted=ADMIN,
            covers=("resend",),
        ),
    ),
    "public.propose": (
        Writer(
            "propose_public_message",
            lambda w, u: public_messages.propose_public_message(w.engine, u, "ระดับน้ำแม่น้ำมูลสูงขึ้น"),
            refused=NOBODY,
            accepted=MUEANG,
            covers=("propose_public_message",),
        ),
        Writer(
            "withdraw_public_message",
            lambda w, u: public_messages.withdraw_public_message(w.engine, u, 1),
            refused=NOBODY,
            accepted=MUEANG,
            covers=("withdraw_public_message",),
        ),
    ),
    "public.approve": (
        Writer(
            "approve_public_message",
            lambda w, u: public_messages.approve_public_message(
                w.engine, u, public_messages.propose_public_message(w.engine, ADMIN, "ข้อความ")
            ),
            refused=(*NOBODY, *OFFICERS),
            accepted=ADMIN,
            covers=("approve_public_message",),
        ),
    ),
    "user.admin": (
        admin_only("create_user", lambda w, u: w.new_user(u)),
        admin_only("set_password", lambda w, u: users.set_password(w.engine, u, "target", "another long passphrase 3")),
        admin_only("set_active", lambda w, u: users.set_active(w.engine, u, "target", False)),
        admin_only("clear_throttle", lambda w, u: users.clear_throttle(w.engine, u, "target")),
        admin_only("create_screen_token", lambda w, u: w.new_screen_token(u)),
        admin_only("revoke_screen_token", lambda w, u: screens.revoke_screen_token(w.engine, u, "meeting-room")),
    ),
}

CASES = [(action, writer) for action, writers in WRITERS.items() for writer in writers]


@pytest.fixture
def world(engine, settings):
    return World(engine, settings)


def test_every_action_has_a_writer():
    assert set(WRITERS) == set(ACTIONS), f"actions without a writer in WRITERS: {sorted(set(ACTIONS) - set(WRITERS))}"


_CHECKS = {"require", "require_scope", "_require_districts"}


def _checked_functions() -> set[str]:
    """Functions of store/ and geo/ whose body calls a permission check."""
    found = set()
    for path in [*(ROOT / "store").glob("*.py"), *(ROOT / "geo").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                calls = {c.func.id for c in ast.walk(node) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
                if calls & _CHECKS:
                    found.add(node.name)
    return found


def test_every_checked_write_function_is_listed():
    covered = {name for _, writer in CASES for name in writer.covers}
    checked = _checked_functions()
    assert {"save_shelters", "set_active", "save_districts", "apply_triggers"} <= checked | covered
    assert checked <= covered, (
        f"write functions that check a permission but have no writer here: {sorted(checked - covered)}"
    )


def _who(user: User | None) -> str:
    return "anonymous" if user is None else f"{user.username}:{user.role}"


@pytest.mark.parametrize("action, writer", CASES, ids=[f"{a}-{w.name}" for a, w in CASES])
def test_the_wrong_people_are_refused_and_the_right_one_accepted(world, action, writer):
    for user in writer.refused:
        with pytest.raises(PermissionDenied):
            writer.call(world, user)
            pytest.fail(f"{writer.name} accepted {_who(user)} for {action}")
    writer.call(world, writer.accepted)


def test_refused_writes_leave_nothing(world):
    """A refusal comes before any write: the flood extent and the boundaries stay as they were."""
    for user in (MUEANG, WARIN, VIEWER):
        with pytest.raises(PermissionDenied):
            world.extent(user)
        with pytest.raises(PermissionDenied):
            world.districts(user)
    assert read_flood_areas(world.engine).empty and not boundary_status(world.settings).cached


def test_triggers_need_an_actor(world):
    """``apply_triggers`` has no default actor a caller could forget."""
    with pytest.raises(TypeError, match="actor"):
        checklist_items.apply_triggers(world.engine, world.event_id, pd.DataFrame())
    with pytest.raises(TypeError, match="actor"):
        checklist_items.apply_triggers_to_open_events(world.engine, "34", pd.DataFrame())
