"""manage.py create-user / load-template / open-event / evaluate-triggers / list-items."""

from __future__ import annotations

import pytest

from cli import main
from store import checklists, users
from tests.checklists.conftest import TEMPLATE
from tests.support.ci import reference_path


@pytest.fixture
def env(settings, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["migrate"]) == 0
    from store.db import make_engine

    return make_engine(settings.database_url)


def test_create_user_and_refusals(env, monkeypatch, capsys):
    monkeypatch.setenv("PW", "a-good-password-1")
    assert (
        main(
            [
                "create-user",
                "somchai",
                "--role",
                "officer",
                "--name",
                "Somchai",
                "--agencies",
                "local_gov",
                "--districts",
                "3401",
                "--password-env",
                "PW",
            ]
        )
        == 0
    )
    assert users.authenticate(env, "somchai", "a-good-password-1").agencies == ("local_gov",)
    assert main(["create-user", "somchai", "--role", "officer", "--password-env", "PW"]) == 1
    assert "already taken" in capsys.readouterr().err
    monkeypatch.setenv("PW", "short")
    assert main(["create-user", "eve", "--role", "admin", "--password-env", "PW"]) == 1
    assert "at least 10 are required" in capsys.readouterr().err
    assert users.get_user(env, "eve") is None


def test_template_event_triggers_and_items(env, tmp_path, capsys):
    broken = tmp_path / "broken.toml"
    broken.write_text(
        TEMPLATE.read_text(encoding="utf-8").replace('scope = "district"', 'scope = "tambon"', 1), encoding="utf-8"
    )
    assert main(["load-template", str(broken)]) == 1
    err = capsys.readouterr().err
    assert f"{broken} line " in err and "scope 'tambon'" in err
    assert main(["load-template", str(TEMPLATE)]) == 0
    assert main(["open-event", "Mun flood", "--districts", "3401,9999"]) == 1
    assert "district '9999'" in capsys.readouterr().err
    assert main(["open-event", "Mun flood", "--districts", "3401,3415"]) == 0
    event_id = checklists.open_event_ids(env)[0]
    assert f"event {event_id} 'Mun flood' opened" in capsys.readouterr().out
    assert main(["list-items", "--district", "3415", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 + (checklists.items_frame(env, event_id)["district_code"] == "3415").sum()
    assert main(["list-items", "--phase", "flood"]) == 1


def test_evaluate_triggers_on_a_recording(env, capsys):
    path = reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json")
    assert main(["ingest", "--source", "thaiwater", "--from-file", str(path)]) == 0
    assert main(["load-template", str(TEMPLATE)]) == 0
    assert main(["open-event", "June 2020", "--districts", "3401,3415"]) == 0
    capsys.readouterr()
    assert main(["evaluate-triggers", "--at", "2020-06-29T13:30"]) == 0
    out = capsys.readouterr().out
    assert "event 1: 0 items became due" in out  # M.7 was 4.96 m below the bank in June 2020


def test_evaluate_triggers_fires_on_a_low_threshold(env, capsys):
    from pathlib import Path

    path = reference_path("thaiwater", "hii_public_thailand_2020-06-29_waterlevel.json")
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "checklists" / "m7_low_threshold.toml"
    assert main(["ingest", "--source", "thaiwater", "--from-file", str(path)]) == 0
    assert main(["load-template", str(fixture)]) == 0
    assert main(["open-event", "Replay", "--districts", "3401,3415"]) == 0
    capsys.readouterr()
    # M.7's reading is of 06:00 Bangkok time: fresh at 08:00 (the default limit is 3 h)
    assert main(["evaluate-triggers", "--at", "2020-06-29T08:00"]) == 0
    out = capsys.readouterr().out
    assert "event 1: 1 item became due" in out
    assert "M.7 at 107.00 m MSL [3401]" in out and "level 107.04 m MSL reached the threshold 107.00 m MSL" in out
    assert main(["evaluate-triggers", "--at", "2020-06-29T08:00"]) == 0
    assert "event 1: 0 items became due" in capsys.readouterr().out  # fired once, never again
