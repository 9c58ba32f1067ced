"""The floor page: what any Streamlit page costs — a title, a metric and one small plotly chart.

Pages of the dashboard are measured beside this one, run the same way (AppTest and a browser).
"""

import plotly.express as px
import streamlit as st

st.title("Floor page")
choice = st.selectbox("Objective", ["all", "1", "2", "3", "4"], key="objective")
st.metric("Required", "USD 822,868,000", border=True)
bars = {"objective": ["1", "2", "3", "4"], "required": [210.2, 188.5, 249.9, 174.3]}
st.plotly_chart(px.bar(bars, x="objective", y="required", title=f"Required ({choice})"),
                key="floor-chart")
