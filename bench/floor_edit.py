"""The floor of an edit: a bare page with a text area and a metric, the least Streamlit does
between Ctrl+Enter in a text box and a figure that follows it.

The What-if edit (bench/browser.py) is measured beside it, the same way, in the same run.
"""

import streamlit as st

text = st.text_area("Scenario YAML", key="floor_yaml")
amounts = [int(word) for word in text.replace(",", " ").split() if word.isdigit()]
st.metric("Gap", f"USD {822_628_000 - sum(amounts):,}", border=True)  # FLOOR_GAP
