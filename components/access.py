"""Who may change anything: the one rule every control that writes asks (saving a scenario,
importing data).

- ``SRRP_READ_ONLY=1``: nobody (a public dashboard).
- ``SRRP_EDITORS`` set: only a person logged in with ``st.login`` (OpenID Connect) whose e-mail
  address, verified by the provider, is on the list, or ends with one of its ``@domain``
  entries.
- Neither: everyone who can reach the server (local use, or a login at the proxy).

Controls that write are shown only to those who may write, and their callbacks ask again
(``editor_only``): a click or state planted in the session must not write for anyone else.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable

import streamlit as st
from streamlit.errors import StreamlitAuthError

from visuals.wording import md

READ_ONLY = "SRRP_READ_ONLY"
EDITORS = "SRRP_EDITORS"
LOGIN_PROBLEM = "access_login_problem"  # why st.login could not start, shown once


def read_only() -> bool:
    return os.environ.get(READ_ONLY) == "1"


def editors() -> list[str]:
    """The entries of SRRP_EDITORS, lower-case; empty when unset."""
    return [e.strip().lower() for e in os.environ.get(EDITORS, "").split(",") if e.strip()]


def on_list(email: str | None, entries: list[str]) -> bool:
    """Whether ``email`` is one of ``entries`` (addresses, or ``@domain`` for a whole domain).
    An entry that is neither matches nobody: a typo locks out, it never lets everyone in."""
    if not email or email.count("@") != 1:
        return False
    email = email.strip().lower()
    domain = email[email.index("@"):]
    return any(entry == email or (entry.startswith("@") and entry == domain)
               for entry in entries)


def _logged_in() -> bool:
    return st.user.get("is_logged_in") is True


def _logged_in_email() -> str | None:
    """The address the identity provider vouched for; None unless logged in with st.login and
    the provider says the address is verified (``email_verified: true``). A claim that is
    missing vouches for nothing: some providers let anyone type any address."""
    if not _logged_in() or st.user.get("email_verified") is not True:
        return None
    return st.user.get("email")


def who() -> str:
    """Who acts in this session, for the records of what they change: the address they logged
    in with, or nothing when no one is logged in."""
    return _logged_in_email() or ""


def can_edit() -> bool:
    """Whether the person of this session may change anything."""
    if read_only():
        return False
    entries = editors()
    return not entries or on_list(_logged_in_email(), entries)


def why_not() -> str:
    """Why this session may not write, in the viewer's words (when ``can_edit()`` is false), as
    Markdown with the address escaped."""
    if read_only():
        return "this dashboard is read-only"
    if _logged_in_email() is None:
        if _logged_in():
            return ("changes are for named editors, and your identity provider has not "
                    "verified your e-mail address")
        return "changes are for named editors: log in (in the sidebar) if you are one"
    return f"{md(_logged_in_email())} is not on this dashboard's list of editors"


def editor_only(refused: Callable[..., object]):
    """Make a writing callback do nothing but ``refused(why_not(), *its arguments)`` for anyone
    who may not write, whatever called it, and return what ``refused`` returns. Every control
    that writes is guarded so: hidden from those who may not write, it refuses all the same."""
    def wrap(callback):
        @functools.wraps(callback)
        def guarded(*args, **kwargs):
            if not can_edit():
                return refused(why_not(), *args, **kwargs)
            return callback(*args, **kwargs)
        return guarded
    return wrap


def said_in(key: str, refusal: str) -> Callable[..., None]:
    """For ``editor_only``: the refusal kept in the session under ``key`` as ``("error",
    "<refusal>: <why>.")``, for the next run to show."""
    def refuse(why: str, *_args, **_kwargs) -> None:
        st.session_state[key] = ("error", f"{refusal}: {why}.")
    return refuse


def account() -> None:
    """In the sidebar, where editing is for named people: who is logged in, and the button to
    log in or out."""
    if read_only() or not editors():
        return
    email = _logged_in_email()
    if LOGIN_PROBLEM in st.session_state:
        st.error(st.session_state.pop(LOGIN_PROBLEM))
    if email is None and _logged_in():
        st.caption("Logged in, but your identity provider has not verified your e-mail "
                   "address: you can view, not edit")
        st.button("Log out", key="access_logout", on_click=st.logout)
        return
    if email is None:
        st.button("Log in to edit", key="access_login", on_click=_log_in,
                  help="For the editors named by this dashboard's administrator; everyone "
                  "else sees every page without logging in.")
        return
    role = "editor" if can_edit() else "viewer: not on the list of editors"
    st.caption(f"Logged in as {md(email)} ({md(role)})")
    st.button("Log out", key="access_logout", on_click=st.logout)


def _log_in() -> None:
    try:
        st.login()
    except StreamlitAuthError:  # no [auth] in secrets.toml, or Authlib missing
        st.session_state[LOGIN_PROBLEM] = (
            "Logging in is not set up on this server. Its administrator adds an [auth] "
            "section to .streamlit/secrets.toml: see docs/reliability.md, 'Editing, for named "
            "people'.")
