"""Metrics and gold loaders behind `veille eval ...`."""
