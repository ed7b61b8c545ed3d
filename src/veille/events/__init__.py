"""PLOVER events: the ontology (`ontology`), the trained classifier (`classify`), its
features and lexicons (`features`, `data/`), and how it is trained (`train`)."""
