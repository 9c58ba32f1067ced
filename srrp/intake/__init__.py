"""Importing an office's file: layout, column mapping, rows checked, imports kept."""
