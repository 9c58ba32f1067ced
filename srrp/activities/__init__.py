"""Country activities (3W/4W/5W): the table, figures by area, rounds, the join."""
