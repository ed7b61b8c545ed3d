"""`veille eval events --end-to-end`: the whole pipeline on unmarked PLV-format sentences."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from veille.eval.event_extraction import end_to_end, judge, score_end_to_end, symmetric_types
from veille.eval.events import GoldRow
from veille.events.features import parse_marked
from veille.model import Event, Mention

SENTENCE = "<s>L'Iran</s> a lancé des missiles et des drones contre <t>Israël</t>."


def _row(marked: str, gold: str, uid: str = "1") -> GoldRow:
    return GoldRow(uid, parse_marked(marked, "fr"), gold)


def _event(etype: str, text: str, source: str | None, target: str | None) -> Event:
    def mention(name):
        if name is None:
            return None
        i = text.index(name)
        return Mention(i, i + len(name), name)
    return Event(type=etype, sentence=text, start=0, end=len(text),
                 source=mention(source), target=mention(target))


def test_symmetric_types_are_the_ontology_joint_ones():
    joint = symmetric_types()
    assert {"CONSULT", "AGREE"} <= joint and "ASSAULT" not in joint


def test_an_event_is_right_with_type_source_and_target():
    row = _row(SENTENCE, "ASSAULT")
    text = row.x.sentence
    right = _event("ASSAULT", text, "Iran", "Israël")  # overlap is enough ("L'Iran")
    wrong_type = _event("THREATEN", text, "L'Iran", "Israël")
    swapped = _event("ASSAULT", text, "Israël", "L'Iran")
    no_target = _event("ASSAULT", text, "L'Iran", None)
    verdicts, src, tgt, both = judge(row.gold, row.x.source, row.x.target,
                                     [right, wrong_type, swapped, no_target], symmetric_types())
    assert verdicts == [True, False, False, False] and src and tgt and both


def test_a_joint_type_may_be_read_either_way():
    row = _row("<s>Les États-Unis</s> et <t>l'Irak</t> entament des discussions.", "CONSULT")
    swapped = _event("CONSULT", row.x.sentence, "l'Irak", "Les États-Unis")
    verdicts, src, tgt, both = judge(row.gold, row.x.source, row.x.target, [swapped],
                                     symmetric_types())
    assert verdicts == [True] and both and not src and not tgt


def test_scores_count_events_and_sentences():
    rows = [_row(SENTENCE, "ASSAULT", "a"), _row(SENTENCE, "YIELD", "b"),
            _row(SENTENCE, "ASSAULT", "c")]
    text = rows[0].x.sentence
    events = [[_event("ASSAULT", text, "L'Iran", "Israël"), _event("ASSAULT", text, "L'Iran", None)],
              [_event("RETREAT", text, "L'Iran", "Israël")],  # YIELD takes RETREAT
              []]
    s = score_end_to_end(rows, events)
    assert (s.n, s.events, s.right_events) == (3, 3, 2)
    assert s.precision == pytest.approx(2 / 3) and s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(2 / 3)
    assert s.source_found == pytest.approx(2 / 3) and s.type_given_both == 1.0
    assert (s.confident_events, s.confident_right) == (0, 0)  # all at confidence 0.0
    events[0][0].confidence = 0.9
    events[0][1].confidence = 0.85
    s = score_end_to_end(rows, events)
    assert (s.confident_events, s.confident_right) == (2, 1)


def test_end_to_end_on_french_sentences(tmp_path):
    gold = tmp_path / "gold.tsv"
    gold.write_text("uid\tmarked_sentence\tgold_root\n"
                    f"s1\t{SENTENCE}\tASSAULT\n"
                    "s2\t<s>Donald Trump</s> avait menacé <t>l'Iran</t> de représailles.\tTHREATEN\n",
                    encoding="utf-8")
    s = end_to_end(gold, language="fr")
    assert s.n == 2 and s.rows[0].right  # "L'Iran … contre Israël" is read end to end
    assert all("<s>" not in p for r in s.rows for p in r.predicted)

    from veille.surfaces import cli  # noqa: F401  (builds the app)
    from veille.surfaces.cli_app import app

    result = CliRunner().invoke(app, ["eval", "events", str(gold), "--end-to-end",
                                      "--language", "fr", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["n"] == 2 and out["right_events"] >= 1 and len(out["rows"]) == 2
    result = CliRunner().invoke(app, ["eval", "events", str(gold), "--end-to-end",
                                      "--language", "fr"])
    assert result.exit_code == 0 and "source found" in result.output
