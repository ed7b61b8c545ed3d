"""A crowded store for the dashboard's readability tests: 60 actors with long names, 240
events over a year between them, 30 places packed into the Levant and the Gulf.

Drawn naively, this store is the tangle the issue describes (every actor labelled on one
circle, city names on top of each other); the tests check the dashboard keeps it
readable. Built by hand through the store interface, seeded, in well under a second.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from veille.model import Actor, Analysis, Article, Event, Mention, Place, TimeValue, sha1_hex
from veille.store import open_store
from veille.store.base import Record

ACTORS = [Actor(f"ACT{i:02d}", f"{name} {i:02d}", kind, None)
          for i, (name, kind) in enumerate(
              [("Ministry of Foreign Affairs of Country", "government"),
               ("Armed Forces of Country", "military"),
               ("Popular Mobilisation Unit", "armed_group"),
               ("Country", "state")] * 15)]
CITIES = [("Damascus", 33.51, 36.29), ("Beirut", 33.89, 35.50), ("Tripoli LB", 34.44, 35.83),
          ("Sidon", 33.56, 35.37), ("Tyre", 33.27, 35.20), ("Homs", 34.73, 36.71),
          ("Hama", 35.13, 36.75), ("Aleppo", 36.20, 37.13), ("Idlib", 35.93, 36.63),
          ("Latakia", 35.52, 35.79), ("Tartus", 34.89, 35.89), ("Deraa", 32.62, 36.10),
          ("Quneitra", 33.13, 35.82), ("Amman", 31.95, 35.93), ("Irbid", 32.56, 35.85),
          ("Jerusalem", 31.77, 35.21), ("Tel Aviv", 32.09, 34.78), ("Haifa", 32.79, 34.99),
          ("Gaza", 31.50, 34.47), ("Raqqa", 35.95, 39.01), ("Deir ez-Zor", 35.34, 40.14),
          ("Mosul", 36.34, 43.13), ("Erbil", 36.19, 44.01), ("Kirkuk", 35.47, 44.39),
          ("Baghdad", 33.31, 44.36), ("Basra", 30.51, 47.78), ("Kuwait City", 29.38, 47.99),
          ("Tehran", 35.69, 51.39), ("Muscat", 23.59, 58.41), ("Doha", 25.29, 51.53)]
QUADS = [("CONSULT", "verbal_cooperation", 1.0), ("AID", "material_cooperation", 7.0),
         ("THREATEN", "verbal_conflict", -4.0), ("ASSAULT", "material_conflict", -9.0)]
START = date(2023, 1, 1)


def _analysis(k: int, rng: random.Random) -> Analysis:
    """One article of four events, each between two actors (busier actors first) at a city."""
    day = START + timedelta(days=6 * k)
    parts, mentions, events, places = [], [], [], []
    offset = 0
    for _ in range(4):
        a, b = (ACTORS[min(int(rng.expovariate(1 / 12)), 59)] for _ in range(2))
        if a.id == b.id:
            b = ACTORS[(int(a.id[3:]) + 1) % 60]
        city, lat, lon = rng.choice(CITIES)
        type_, quad, intensity = rng.choice(QUADS)
        sentence = f"{a.name} and {b.name} ({type_.lower()}) in {city}."
        start = offset
        sa, sb, sc = (start + sentence.index(x) for x in (a.name, b.name, city))
        ma, mb = Mention(sa, sa + len(a.name), a.name, a), Mention(sb, sb + len(b.name), b.name, b)
        place = Place(sc, sc + len(city), city, city, None, lat, lon)
        when = day + timedelta(days=rng.randint(0, 5))
        tv = TimeValue(start, start + 1, sentence[0], when.isoformat(), granularity="day")
        events.append(Event(type=type_, sentence=sentence, start=start, end=start + len(sentence),
                            source=ma, target=mb, quad_class=quad, intensity=intensity,
                            confidence=0.9, place=place, date=tv, trigger=type_.lower()))
        mentions += [ma, mb]
        places.append(place)
        parts.append(sentence)
        offset += len(sentence) + 1
    text = " ".join(parts)
    art = Article(text, url=f"https://example.org/dense/{k}", source="example.org",
                  title=f"Dense article {k}", published=day, date_precision="day",
                  language="en")
    return Analysis(art, mentions=mentions, places=places, events=events)


def build_store(path: Path) -> Path:
    """Write the 60 articles to a DuckDB store at `path`; returns the path."""
    rng = random.Random(23)
    store = open_store(str(path))
    try:
        analyses = [_analysis(k, rng) for k in range(60)]
        store.write([Record(a, sha1_hex(a.article.text), None, analyzed=True) for a in analyses])
    finally:
        store.close()
    return path
