import streamlit as st

st.title("briefing")
