"""Where figures come from: every source by its title and publisher, with its link."""

from __future__ import annotations

import re

import streamlit as st

from srrp.scenario import HYPOTHETICAL_SOURCE
from srrp.view import View
from visuals.wording import NO_PUBLISHER, NOT_SOURCED, md

LINK = re.compile(r"https?://[A-Za-z0-9.-]+(/[^\s()<>\[\]]*)?")


def source_list(view: View, source_ids) -> None:
    for source_id in dict.fromkeys(source_ids):
        if source_id == HYPOTHETICAL_SOURCE:
            st.markdown(f"- **Hypothetical** — {NOT_SOURCED}")
            continue
        source = view.plan.find_source(source_id)
        if source is None:
            continue
        publisher = source.publisher or NO_PUBLISHER
        st.markdown(f"- **{md(source.title)}** — {md(publisher)}{_link(source.url)}")


def _link(url: str | None) -> str:
    """' · [fts.unocha.org](…)' for a web address; nothing for none (or anything else)."""
    if not url or not LINK.fullmatch(url):
        return ""
    return f" · [{md(url.split('/')[2])}]({url})"

