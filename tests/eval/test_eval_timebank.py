"""French TimeBank scorer (issue #20): loader, TempEval-3 counts, the split, the floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.eval import timebank as tb

DATA = Path(__file__).resolve().parents[1] / "data"
MINI = DATA / "timebank_mini"
FRENCH_TIMEBANK = Path(__file__).resolve().parents[3] / "shared" / "data" / "time" / "fr-timebank"


def test_loader_strips_tags_keeps_offsets_and_leaves_the_dct_out() -> None:
    doc = tb.load_document(MINI / "mini-0001.tml")
    assert doc.dct.isoformat() == "1999-05-20"
    assert [t.text for t in doc.timexes] == ["hier", "actuellement", "fin 1999", "les années 60",
                                             "lundi 24"]
    assert all(doc.text[t.start:t.end] == t.text for t in doc.timexes)
    assert doc.timexes[2].mod == "END" and doc.timexes[0].anchor == "t1"


def test_tempeval3_counts_on_a_small_document() -> None:
    report = tb.evaluate(tb.load_corpus(MINI), {"mini-0001": "dev"}, use_docs=False)
    counts = report.counts["dev"]
    assert (counts.gold, counts.system, counts.relaxed) == (5, 5, 5)  # "20 ans" is an age
    assert counts.value == 5 and counts.mod == 5  # 196X and 196 name one decade
    assert counts.strict == 4  # "le lundi 24" overlaps "lundi 24"
    assert report.to_dict()["splits"]["dev"]["value"]["f1"] == 1.0


def test_split_is_seeded_and_the_committed_one_is_half_and_half() -> None:
    names = [f"d{i}" for i in range(10)]
    assert tb.make_split(names) == tb.make_split(list(reversed(names)))
    split = tb.read_split(DATA / "timebank_split.tsv")
    assert len(split) == 108
    assert sorted(set(split.values())) == ["dev", "heldout"]
    assert sum(v == "dev" for v in split.values()) == 54


def test_canonical_value_reads_decades_and_centuries_one_way() -> None:
    assert tb.canonical_value("196X") == tb.canonical_value("196") == "196"
    assert tb.canonical_value("18XX") == "18" and tb.canonical_value("1999") == "1999"


@pytest.mark.slow
@pytest.mark.skipif(not FRENCH_TIMEBANK.is_dir(), reason="French TimeBank not in ../shared/data")
def test_french_timebank_heldout_floors() -> None:
    # Floors slightly under the figures reached for issue #20 (held-out, with the spaCy
    # parse: relaxed extraction F1 0.901, value F1 0.760, type F1 0.857).
    report = tb.run(FRENCH_TIMEBANK, DATA / "timebank_split.tsv")
    held = report.counts["heldout"].to_dict()
    assert held["relaxed"]["f1"] >= 0.89
    assert held["value"]["f1"] >= 0.74
    assert held["type"]["f1"] >= 0.84
