"""Reading and writing files safely: workbooks, CSV, cells, YAML, atomic saves."""
