"""bench/load_test.py's own checks: the history check finds an accepted save that is missing
or recorded twice, and the server's run log is read back per kind of run."""

from __future__ import annotations

from pathlib import Path

from bench import load_test
from store import checklist_items, checklists, users
from store.db import make_engine


def test_history_check_counts_missing_and_repeated_saves(tmp_path):
    database_url, event_id = load_test.prepare_data(tmp_path, None, officers=1)
    engine = make_engine(database_url)
    officer = users.get_user(engine, "officer0")
    item_id = int(checklists.items_frame(engine, event_id)["id"].iloc[0])
    version = checklists.get_item(engine, item_id).version
    for note, person in (
        ("load test officer0 update 0", ""),
        ("load test officer0 update 1", ""),
        ("load test officer0 update 1", "someone"),
    ):  # the same note in a second history row
        version = checklist_items.update_item(engine, officer, item_id, version, note=note, owner_person=person).version
    engine.dispose()
    accepted = [
        ("officer0", "load test officer0 update 0"),
        ("officer0", "load test officer0 update 1"),
        ("officer0", "load test officer0 update 2"),
        ("officer1", "load test officer0 update 0"),
    ]
    missing, repeated = load_test.check_history(database_url, event_id, accepted)
    assert missing == [("officer0", "load test officer0 update 2"), ("officer1", "load test officer0 update 0")]
    assert repeated == [("officer0", "load test officer0 update 1")]


def test_run_log_is_summarised_per_kind_of_run(tmp_path):
    log = Path(tmp_path, "runs.tsv")
    log.write_text(
        "1.0\t80.5\t30.1\t_rotating_view\t1\n2.0\t150.0\t149.0\tafter-run clean-up\t1\n"
        "3.0\t300.0\t120.0\tfull\t0\n4.0\t60.0\t25.0\t_rotating_view\t1\n"
    )
    runs = load_test.read_runs(log)
    assert runs[("_rotating_view", 1)] == [(80.5, 30.1), (60.0, 25.0)]
    assert runs[("full", 0)] == [(300.0, 120.0)] and set(runs) == {
        ("_rotating_view", 1),
        ("after-run clean-up", 1),
        ("full", 0),
    }
    assert load_test.read_runs(Path(tmp_path, "absent.tsv")) == {}
