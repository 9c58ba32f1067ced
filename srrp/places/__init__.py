"""Where: gazetteers, place names matched to P-codes, boundaries and their geometry."""
