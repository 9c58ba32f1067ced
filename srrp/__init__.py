"""The SRRP domain: load, validate, roll up, join, import and apply scenarios; no UI code. Its
rooms, each a folder: files, plan, scenarios, places, activities, funding, intake, commands."""
