"""Exports of what veille found: events as a GDELT-like table or PLOVER JSON."""

from veille.export.events import COLUMNS, FORMATS, export_events, gdelt_rows, plover_record

__all__ = ["COLUMNS", "FORMATS", "export_events", "gdelt_rows", "plover_record"]
