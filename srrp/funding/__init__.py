"""Funding sources: OCHA FTS flows, IATI activities, totals by donor and over time."""
