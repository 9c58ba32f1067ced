"""The SRRP domain: load, validate, roll up, join and apply scenarios. Imports no UI code."""
