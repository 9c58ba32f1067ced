"""What-if scenarios: changes, added contributions, the editor's state, comparing."""
