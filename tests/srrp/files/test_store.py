"""Saving scenarios: whole files or nothing, only inside the scenarios folder, and never over
someone else's work."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from srrp.files import store
from srrp.files.store import (
    NAME,
    SaveConflict,
    SaveRefused,
    file_name,
    list_scenarios,
    save_scenario,
    version,
)

FIRST = "scenario:\n  title: First\nchanges: []\n"
SECOND = "scenario:\n  title: Second\nchanges: []\n"


def leftovers(folder: Path) -> list[str]:
    """Files a save may have left behind: anything but scenarios and the lock."""
    return sorted(p.name for p in folder.iterdir() if p.suffix != ".yaml" and p.name != ".lock")


def test_a_new_scenario_is_written_whole(tmp_path):
    path = save_scenario(tmp_path, "more-vaccines", FIRST)
    assert path == tmp_path / "more-vaccines.yaml"
    assert path.read_text(encoding="utf-8") == FIRST
    assert list_scenarios(tmp_path) == ["more-vaccines"]
    assert leftovers(tmp_path) == []


def test_the_folder_is_created_when_missing(tmp_path):
    folder = tmp_path / "scenarios"
    save_scenario(folder, "a", FIRST)
    assert list_scenarios(folder) == ["a"]


def test_saving_over_the_version_that_was_opened_replaces_it(tmp_path):
    save_scenario(tmp_path, "s", FIRST)
    save_scenario(tmp_path, "s", SECOND, expected=version(FIRST))
    assert (tmp_path / "s.yaml").read_text(encoding="utf-8") == SECOND


@pytest.mark.parametrize("name", [
    "../plan_2021", "sub/dir", "/etc/passwd", "..", ".hidden", "", " ", "a.yaml", "draft\n",
    "x" * 65, "dr\x00aft", "plаn_2021", "ｐlan_2021", "draft\u200b",  # NUL, look-alikes
])
def test_names_that_are_not_plain_file_names_are_refused(tmp_path, name):
    folder = tmp_path / "scenarios"
    with pytest.raises(SaveRefused):
        save_scenario(folder, name, FIRST)
    assert not any(tmp_path.rglob("*.yaml"))


def test_the_baseline_is_never_written(tmp_path):
    baseline = tmp_path / "plan_2021.yaml"
    baseline.write_text("the baseline\n", encoding="utf-8")
    with pytest.raises(SaveRefused):
        save_scenario(tmp_path, "plan_2021", FIRST, expected=version("the baseline\n"),
                      protected=(baseline,))
    assert baseline.read_text(encoding="utf-8") == "the baseline\n"


def test_saving_over_a_scenario_changed_by_someone_else_is_refused(tmp_path):
    save_scenario(tmp_path, "s", FIRST)
    opened = version(FIRST)
    save_scenario(tmp_path, "s", SECOND, expected=opened)  # the other writer, first

    with pytest.raises(SaveConflict, match="changed by someone else"):
        save_scenario(tmp_path, "s", "mine\n", expected=opened)
    assert (tmp_path / "s.yaml").read_text(encoding="utf-8") == SECOND


def test_saving_a_new_scenario_under_a_name_in_use_is_refused(tmp_path):
    save_scenario(tmp_path, "s", FIRST)
    with pytest.raises(SaveConflict):
        save_scenario(tmp_path, "s", SECOND)
    assert (tmp_path / "s.yaml").read_text(encoding="utf-8") == FIRST


def test_a_name_in_use_is_reported_as_taken_not_as_changed_by_someone(tmp_path):
    """Whoever creates a new scenario opened nothing that someone else could have changed."""
    save_scenario(tmp_path, "s", FIRST)
    with pytest.raises(SaveConflict, match="a scenario named 's' exists already"):
        save_scenario(tmp_path, "s", SECOND)


def test_saving_over_a_scenario_deleted_since_it_was_opened_is_refused(tmp_path):
    path = save_scenario(tmp_path, "s", FIRST)
    path.unlink()
    with pytest.raises(SaveConflict, match="deleted"):
        save_scenario(tmp_path, "s", SECOND, expected=version(FIRST))
    assert not path.exists()


def test_a_save_that_fails_midway_leaves_the_old_file_and_no_temporary_one(tmp_path,
                                                                           monkeypatch):
    save_scenario(tmp_path, "s", FIRST)

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.os, "replace", disk_full)
    with pytest.raises(SaveRefused, match="s.yaml cannot be written: No space left on device"):
        save_scenario(tmp_path, "s", SECOND, expected=version(FIRST))
    assert (tmp_path / "s.yaml").read_text(encoding="utf-8") == FIRST
    assert leftovers(tmp_path) == []


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_save_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    path = save_scenario(tmp_path, "s", FIRST)
    assert mode(path) == 0o644  # a new scenario is the team's
    path.chmod(0o600)
    save_scenario(tmp_path, "s", SECOND, expected=version(FIRST))
    assert mode(path) == 0o600  # a private one stays private
    path.chmod(0o640)
    store.replace_file(path, FIRST, expected=version(SECOND))
    assert mode(path) == 0o640


def test_a_linked_scenario_is_written_through_its_link(tmp_path):
    (tmp_path / "kept-here.yaml").write_text(FIRST, encoding="utf-8")
    (tmp_path / "kept-here.yaml").chmod(0o600)
    (tmp_path / "current.yaml").symlink_to("kept-here.yaml")
    save_scenario(tmp_path, "current", SECOND, expected=version(FIRST))
    assert (tmp_path / "current.yaml").is_symlink()
    assert (tmp_path / "kept-here.yaml").read_text(encoding="utf-8") == SECOND
    assert mode(tmp_path / "kept-here.yaml") == 0o600
    assert leftovers(tmp_path) == []


def test_a_scenario_linked_to_a_file_outside_its_folder_is_refused(tmp_path):
    folder, outside = tmp_path / "scenarios", tmp_path / "elsewhere.yaml"
    folder.mkdir()
    outside.write_text(FIRST, encoding="utf-8")
    (folder / "s.yaml").symlink_to(outside)
    with pytest.raises(SaveRefused, match="outside the scenarios folder"):
        save_scenario(folder, "s", SECOND, expected=version(FIRST))
    assert outside.read_text(encoding="utf-8") == FIRST


def test_a_linked_file_is_replaced_through_its_link_in_the_folder_it_is_in(tmp_path):
    real = tmp_path / "shared" / "plan_2021.yaml"
    real.parent.mkdir()
    real.write_text(FIRST, encoding="utf-8")
    link = tmp_path / "data" / "plan_2021.yaml"
    link.parent.mkdir()
    link.symlink_to(real)
    store.replace_file(link, SECOND, expected=version(FIRST))
    assert link.is_symlink() and real.read_text(encoding="utf-8") == SECOND
    store.append_atomically(link, "# more\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == SECOND + "# more\n"
    assert sorted(p.name for p in real.parent.iterdir()) == [".lock", "plan_2021.yaml"]


def test_a_link_that_loops_is_refused_with_the_reason(tmp_path):
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    with pytest.raises(SaveRefused, match="lead round in a loop"):
        store.replace_file(tmp_path / "a.yaml", FIRST, expected=version(FIRST))


def test_of_twenty_simultaneous_saves_from_one_version_exactly_one_wins(tmp_path):
    save_scenario(tmp_path, "shared", FIRST)
    opened = version(FIRST)
    texts = [f"scenario:\n  title: Writer {i}\nchanges: []\n" + "# padding\n" * 2000
             for i in range(20)]
    start = threading.Barrier(len(texts))
    outcomes: list[str | None] = [None] * len(texts)

    def writer(i: int) -> None:
        start.wait()
        try:
            save_scenario(tmp_path, "shared", texts[i], expected=opened)
            outcomes[i] = "saved"
        except SaveConflict:
            outcomes[i] = "conflict"

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["conflict"] * 19 + ["saved"]
    winner = outcomes.index("saved")
    assert (tmp_path / "shared.yaml").read_text(encoding="utf-8") == texts[winner]
    assert leftovers(tmp_path) == []


def test_a_reader_never_sees_half_a_scenario(tmp_path):
    versions = [f"scenario:\n  title: Version {i}\nchanges: []\n" + "# padding\n" * 5000
                + "# end\n" for i in range(30)]
    save_scenario(tmp_path, "s", versions[0])
    seen: set[str] = set()
    done = threading.Event()

    def reader() -> None:
        while not done.is_set():
            seen.add((tmp_path / "s.yaml").read_text(encoding="utf-8"))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for previous, text in zip(versions, versions[1:], strict=False):
            save_scenario(tmp_path, "s", text, expected=version(previous))
    finally:
        done.set()
        thread.join(timeout=30)
    assert seen and seen <= set(versions)


def test_list_scenarios_ignores_what_is_not_a_scenario(tmp_path):
    for name in ("b.yaml", "a.yaml", ".a.x1.tmp", "notes.txt", ".hidden.yaml"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert list_scenarios(tmp_path) == ["a", "b"]
    assert list_scenarios(tmp_path / "missing") == []


@pytest.mark.parametrize(("title", "name"), [
    ("pledge A", "pledge-A"), ("../evil", "evil"), ("a/b", "a-b"),
    ("  vaccines_5m ", "vaccines_5m"),
    ("What if a donor gives USD 5 M?", "What-if-a-donor-gives-USD-5-M"), ("", "")])
def test_a_title_gives_a_plain_file_name(title, name):
    assert file_name(title) == name


def test_a_title_with_no_latin_letter_still_gets_a_plain_file_name():
    name = file_name("ວັກຊີນ")
    assert NAME.fullmatch(name) and name.startswith("scenario-")
    assert name != file_name("ການປິ່ນປົວ")
