"""The plan: its funding tree, the checks of its YAML values, and their roll-up."""
