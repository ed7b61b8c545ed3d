"""A generated JSON Lines corpus for the crash and concurrency tests: distinct, seeded, real-looking.

Each article is a few French sentences drawn from real news phrasing with varied actors,
places, figures and dates, so articles are neither exact nor near duplicates of each
other (the dedup threshold is a 0.8 Jaccard estimate). A few exact repeats under new ids
are added on purpose: the store must keep them as duplicates, never as originals.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

ACTORS = ["Emmanuel Macron", "l'ONU", "le Hamas", "Israël", "la Russie", "l'Ukraine", "l'Iran",
          "les États-Unis", "l'Égypte", "l'OTAN", "Joe Biden", "le Qatar", "la Turquie",
          "l'Union européenne", "Benyamin Netanyahou", "Vladimir Poutine", "la Chine"]
PLACES = ["Gaza", "Kiev", "Moscou", "Le Caire", "Téhéran", "Paris", "Washington", "Doha",
          "Beyrouth", "Ankara", "Bruxelles", "Damas", "Bagdad", "Rafah", "Kharkiv"]
VERBS = ["a condamné", "a annoncé", "a rejeté", "a salué", "a menacé", "a soutenu",
         "a critiqué", "a négocié avec", "a accusé", "a rencontré"]
TEMPLATES = [
    "{a} {v} {b} {d}, selon un communiqué publié à {p}.",
    "« Nous ne céderons pas », a déclaré un porte-parole de {a} à {p} {d}.",
    "{n} personnes ont été tuées près de {p} {d}, selon {a}.",
    "{a} a affirmé que {b} préparait une offensive autour de {p}.",
    "Les négociations entre {a} et {b} ont repris à {p} {d}, ont indiqué des diplomates.",
    "D'après {a}, {n} soldats ont été déployés à {p} depuis {d}.",
]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        "le 3 mars", "le 14 février 2024", "hier", "la semaine dernière"]


def _text(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        a, b = rng.sample(ACTORS, 2)
        out.append(rng.choice(TEMPLATES).format(a=a, b=b, v=rng.choice(VERBS), p=rng.choice(PLACES),
                                                d=rng.choice(DAYS), n=rng.randint(2, 9999)))
    return " ".join(out)


def write_corpus(path: Path, n: int, *, seed: int = 0, repeats: int = 3,
                 sentences: int = 6) -> dict[str, int]:
    """Write `n` distinct articles plus `repeats` exact copies under new ids; returns counts."""
    rng = random.Random(seed)
    rows = [{"id": f"art-{seed}-{i}", "title": f"Dépêche {i}",
             "date": f"2024-0{1 + i % 9}-{1 + i % 28:02d}", "text": _text(rng, sentences)}
            for i in range(n)]
    for j in range(repeats):
        rows.append({**rows[rng.randrange(n)], "id": f"copy-{seed}-{j}"})
    rng.shuffle(rows)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return {"rows": len(rows), "originals": n, "duplicates": repeats}
