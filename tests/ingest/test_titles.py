"""Title furniture: site suffixes learned from the store, format rubrics from the pattern
file, the raw title kept. Titles are real: OrangeSum's and the Egypt pages'."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

from veille.ingest import ReadOptions
from veille.ingest.jsonl_reader import articles_from_records
from veille.ingest.templates import LineMemory
from veille.ingest.titles import observe_title, strip_title
from veille.model import Article

ORANGESUM = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "orangesum_fr.jsonl.gz"
AUTO = " : actualité automobile, infos, scoop"


def test_format_rubrics_go_topics_stay():
    assert strip_title("VIDÉO. Égypte : une danseuse du ventre défie les islamistes").title \
        == "Égypte : une danseuse du ventre défie les islamistes"
    assert strip_title("VIDÉO - Tirs dans divers quartiers du Caire").removed == ("VIDÉO",)
    assert strip_title("REPORTAGE. Égypte : à Tahrir, la haine anti-Frères musulmans").title \
        == "Égypte : à Tahrir, la haine anti-Frères musulmans"
    # a topic in front is the story, not furniture
    kept = "Égypte - Safwat Hegazi : \"Nous manifesterons jusqu'à la mort\""
    assert strip_title(kept).title == kept
    assert strip_title("Affaire Benalla : ce que l'on sait").removed == ()


def test_a_news_site_named_at_the_end_goes():
    stripped = strip_title("Egypte : Moubarak quitte le pouvoir | Le Figaro")
    assert stripped.title == "Egypte : Moubarak quitte le pouvoir"
    assert stripped.removed == ("Le Figaro",)


def test_a_suffix_many_titles_share_is_learned():
    """The first titles ending with the slogan keep it (nothing learned yet); once five
    other titles ended with it, it goes."""
    titles = ["Carlos Ghosn arrêté, quelles conséquences pour Renault ?" + AUTO,
              "Renault Zoe : la nouvelle version dévoilée" + AUTO,
              "Peugeot 508 : les prix de la berline" + AUTO,
              "Salon de Genève : les nouveautés" + AUTO,
              "Tesla Model 3 : premier essai" + AUTO,
              "Citroën C5 Aircross : le SUV arrive" + AUTO,
              "Dacia Duster : la version GPL" + AUTO]
    memory = LineMemory()
    out = []
    for title in titles:
        observe_title(title, memory, None)
        out.append(strip_title(title, memory).title)
    assert out[0] == titles[0]
    assert out[-1] == "Dacia Duster : la version GPL"
    assert sum(t.endswith("scoop") for t in out) == 5


def test_ingest_keeps_the_raw_title():
    """Through the JSON Lines reader with the store's line memory, as `veille ingest`."""
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as handle:
        records = list(itertools.islice((r for r in map(json.loads, handle)
                                         if r["title"].endswith(AUTO.strip(" :"))), 8))
    options = ReadOptions(line_memory=LineMemory())
    articles = [a for a in articles_from_records(records, "orangesum", options)
                if isinstance(a, Article)]
    last = articles[-1]
    assert not last.title.endswith("scoop")
    assert last.flags["title_raw"].endswith(AUTO.strip())
    assert last.flags["title_affixes_removed"] == ["actualité automobile, infos, scoop"]
