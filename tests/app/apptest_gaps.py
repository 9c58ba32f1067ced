"""What AppTest (Streamlit 1.67) has no public way to do, in this one place: every use of its
private attributes is here, named for what a test needs, so that a Streamlit upgrade that
breaks one breaks it here alone."""

from __future__ import annotations

import json

from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest


def edit_cells(at: AppTest, editor, edited_rows: dict[str, dict]) -> AppTest:
    """Rerun ``at`` as if the person had typed into ``editor`` (an ``st.data_editor``): its
    ``edited_rows`` as the browser sends them, {row: {column: value}}. AppTest's data editor
    can be read, not edited."""
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=editor.proto.id, string_value=json.dumps({
        "edited_rows": edited_rows, "added_rows": [], "deleted_rows": []})))
    at._run(states)
    return at


def whole_page(at: AppTest):
    """Every block the page draws (main, sidebar, toasts, bottom) as one tree: AppTest names
    main and sidebar publicly, not the root that holds them all."""
    return at._tree
