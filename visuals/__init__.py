"""What the dashboard shows, built without Streamlit: charts, map figures and tables, the slide
deck and its handouts (PDF, PPTX, chart images), and the words shared by every page.

Everything here takes plain inputs (domain objects from ``srrp``, tables, file paths) and
returns plain outputs (plotly figures, pydeck decks, tables, bytes, text), so it can be built
and tested with no running app. Streamlit building blocks are in ``components/``.
"""
