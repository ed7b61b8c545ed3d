"""Data files of the mention resolver (generic group nouns, context words); loaded by `resolve`."""
