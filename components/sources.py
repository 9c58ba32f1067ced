"""Where figures come from: every source named, shown as plain text."""

from __future__ import annotations

import streamlit as st

from srrp.scenario import HYPOTHETICAL_SOURCE
from srrp.view import View
from visuals.wording import NO_PUBLISHER, NOT_SOURCED, md


def source_list(view: View, source_ids) -> None:
    for source_id in dict.fromkeys(source_ids):
        if source_id == HYPOTHETICAL_SOURCE:
            st.markdown(f"- **Hypothetical** — {NOT_SOURCED}")
            continue
        source = view.plan.find_source(source_id)
        if source is None:
            continue
        publisher = source.publisher or NO_PUBLISHER
        st.markdown(f"- **{md(source.title)}** ({md(publisher)}), document "
                    f"{md(source.document or source.id)}")

