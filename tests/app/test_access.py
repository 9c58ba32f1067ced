"""Editing for named people (SRRP_EDITORS): only a person logged in with st.login and on the
list sees a control that writes, and no one else can make one write; unset, everyone edits as
before."""

from __future__ import annotations

import pytest

from components.access import on_list
from tests.examples import PLEDGE

WHATIF = "pages/whatif.py"
EDITORS = "editor@iom.int, @Unhcr.org"


@pytest.mark.parametrize(("email", "allowed"), [
    ("editor@iom.int", True),
    ("Editor@IOM.int", True),  # addresses are compared without case
    ("someone@unhcr.org", True),  # by domain
    ("other@iom.int", False),
    ("someone@sub.unhcr.org", False),  # a domain entry is that domain, not its subdomains
    ("someone@unhcr.org.evil.example", False),
    ("editor@iom.int@evil.example", False),
    ("", False),
    (None, False),
])
def test_the_list_names_addresses_and_whole_domains(email, allowed):
    assert on_list(email, ["editor@iom.int", "@unhcr.org"]) is allowed


def test_an_entry_that_is_neither_address_nor_domain_lets_nobody_in():
    assert not on_list("someone@iom.int", ["iom.int"])


def user(email: str, **claims) -> dict:
    return {"is_logged_in": True, "email": email, "name": "A person", "email_verified": True,
            **claims}


def unverified(email: str, **claims) -> dict:
    """A person whose provider does not vouch for the address: it says false, says nothing, or
    says something other than the JSON true."""
    person = user(email, **claims)
    if person["email_verified"] is None:
        del person["email_verified"]
    return person


@pytest.fixture
def with_editors(monkeypatch, data_dir):
    monkeypatch.setenv("SRRP_EDITORS", EDITORS)
    return data_dir


def as_person(open_page, person: dict | None):
    """The What-if page as ``person`` sees it (None: not logged in), with an edit typed."""
    at = open_page()
    at.user = person or {"is_logged_in": False}
    at.switch_page(WHATIF).run()
    at.text_area(key="whatif_yaml").input(PLEDGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def saves_offered(at) -> bool:
    return any(b.key == "whatif_save" for b in at.button) and \
        any(t.key == "whatif_name" for t in at.text_input)


def written(folder) -> list[str]:
    return sorted(p.name for p in (folder / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("person", [
    None, user("other@iom.int"), unverified("editor@iom.int", email_verified=False),
    unverified("editor@iom.int", email_verified=None), unverified("editor@iom.int",
                                                                  email_verified="true")],
    ids=["logged out", "not on the list", "address not verified", "no email_verified claim",
         "email_verified as text"])
def test_anyone_but_a_named_editor_gets_the_read_only_page(open_page, with_editors, person):
    at = as_person(open_page, person)
    assert not saves_offered(at)
    assert any("cannot be saved here" in i.value for i in at.info)
    assert at.get("download_button")
    assert any(b.key == "access_login" for b in at.button) is (person is None)
    if person is not None and person.get("email_verified") is not True:
        assert any("has not verified" in c.value for c in at.sidebar.caption)
        assert any("has not verified" in i.value for i in at.info)


def test_state_planted_by_a_viewer_cannot_save(open_page, with_editors):
    at = as_person(open_page, user("other@iom.int"))
    at.session_state["whatif_name"] = "planted"
    for key in ("whatif_save", "FormSubmitter:whatif-Save scenario"):
        at.session_state[key] = True
        at.run()
    assert not at.exception
    assert written(with_editors) == []


@pytest.mark.parametrize("email", ["editor@iom.int", "someone@unhcr.org"])
def test_a_named_editor_saves(open_page, with_editors, email):
    at = as_person(open_page, user(email))
    assert saves_offered(at)
    assert any(email in c.value.replace("\\", "") for c in at.sidebar.caption)  # as escaped
    at.text_input(key="whatif_name").input("by_editor").run()
    at.button(key="whatif_save").click().run()
    assert written(with_editors) == ["by_editor.yaml"]


def test_a_save_clicked_after_the_editor_logged_out_is_refused(open_page, with_editors):
    at = as_person(open_page, user("editor@iom.int"))
    at.text_input(key="whatif_name").input("too_late").run()
    at.user = {"is_logged_in": False}
    at.button(key="whatif_save").click().run()
    assert written(with_editors) == []
    assert any("Nothing was saved" in e.value for e in at.error)


def test_unset_everyone_edits_as_before_with_no_login(open_page, data_dir, monkeypatch):
    monkeypatch.delenv("SRRP_EDITORS", raising=False)
    at = as_person(open_page, None)
    assert saves_offered(at)
    assert not any(b.key == "access_login" for b in at.button)


def test_read_only_wins_over_the_list(open_page, with_editors, monkeypatch):
    monkeypatch.setenv("SRRP_READ_ONLY", "1")
    at = as_person(open_page, user("editor@iom.int"))
    assert not saves_offered(at)
    assert any("read-only" in i.value for i in at.info)


def test_log_in_on_a_server_without_a_login_set_up_says_what_to_do(open_page, with_editors):
    at = as_person(open_page, None)
    at.button(key="access_login").click().run()
    assert not at.exception
    assert any("secrets.toml" in e.value for e in at.sidebar.error)
