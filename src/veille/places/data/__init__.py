"""Shipped place data: features geonames does not list by their French names (seas, straits, squares)."""
