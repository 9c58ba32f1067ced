"""Where figures come from: every source by its title and publisher, with its link."""

from __future__ import annotations

import re

import streamlit as st

from srrp.view import View
from srrp.words import cited
from visuals.wording import md

LINK = re.compile(r"https?://[A-Za-z0-9.-]+(/[^\s()<>\[\]]*)?")


def source_list(view: View, source_ids) -> None:
    for source in cited(view.plan, source_ids):
        st.markdown(f"- **{md(source.title)}** — {md(source.publisher)}{_link(source.url)}")


def _link(url: str | None) -> str:
    """' · [fts.unocha.org](…)' for a web address; nothing for none (or anything else)."""
    if not url or not LINK.fullmatch(url):
        return ""
    return f" · [{md(url.split('/')[2])}]({url})"

