"""No lost updates: 20 writers x 50 updates each on one item, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time

from auth import User
from store import checklist_items, checklist_rows, checklists
from tests.checklists.conftest import item_id

WRITERS, UPDATES = 20, 50


def test_concurrent_writers_lose_nothing(event):
    engine, event_id = event
    iid = item_id(engine, event_id, "barriers", "3401")
    accepted: dict[str, int] = {}  # note -> version it created
    rejected: list[tuple[str, checklist_rows.StaleEdit]] = []
    results_lock = threading.Lock()
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        user = User(f"writer{n}", f"Writer {n}", "admin")
        try:
            start.wait()
            for j in range(UPDATES):
                seen = checklists.get_item(engine, iid)
                note = f"w{n}-{j}"
                try:
                    after = checklist_items.update_item(
                        engine,
                        user,
                        iid,
                        seen.version,
                        state="blocked" if j % 2 else "in_progress",
                        owner_person=f"person {n}",
                        note=note,
                    )
                except checklist_rows.StaleEdit as exc:
                    with results_lock:
                        rejected.append((note, exc))
                else:
                    with results_lock:
                        accepted[note] = after.version
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    elapsed = time.perf_counter() - began
    assert not errors, errors[:3]
    assert len(accepted) + len(rejected) == WRITERS * UPDATES
    assert accepted and rejected, (len(accepted), len(rejected))

    history = checklists.item_history(engine, iid)
    updates = history[history["kind"] == "update"]
    # every accepted write is in the history exactly once, with the version it got
    assert sorted(updates["note"]) == sorted(accepted)
    assert dict(zip(updates["note"], updates["version"], strict=True)) == accepted
    # versions have no gaps and no repeats; each entry's from_state is the previous to_state
    assert list(history["version"]) == list(range(1, len(accepted) + 2))
    assert list(history["from_state"].iloc[1:]) == list(history["to_state"].iloc[:-1])
    # rejected writes are reported with who got there first, and never written
    rejected_notes = {note for note, _ in rejected}
    assert not rejected_notes & set(history["note"].dropna())
    for _, exc in rejected:
        assert exc.current.version > exc.attempted_version
        assert exc.current.updated_by_name.startswith("Writer ")
    # the final state is the last accepted write
    last_note = max(accepted, key=accepted.get)
    final = checklists.get_item(engine, iid)
    writer_n, j = (int(x) for x in last_note[1:].split("-"))
    assert (final.version, final.note, final.owner_person, final.state, final.updated_by) == (
        accepted[last_note],
        last_note,
        f"person {writer_n}",
        "blocked" if j % 2 else "in_progress",
        f"writer{writer_n}",
    )
    print(f"\n{engine.dialect.name}: {len(accepted)} accepted, {len(rejected)} rejected in {elapsed:.1f} s")
