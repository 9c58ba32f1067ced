"""Compare scenarios: the baseline or a scenario beside up to three others, shared by link."""

import streamlit as st

from components import compare
from components.notices import filter_note
from components.shell import current_view

view = current_view()
st.title("Compare scenarios")
filter_note(view, "compare")
st.markdown("Required, confirmed, gap and coverage of every part of the plan under each "
            "scenario: what a donor meeting asks (\"with pledge A\", \"with pledges A and B\"). "
            "The link in the address bar reopens this comparison.")
base, others = compare.choices(view)
if not others:
    compare.nothing_chosen()
elif (plans := compare.plans(view, [base, *others])) is not None:
    compare.comparison(plans)
