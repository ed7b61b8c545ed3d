"""The tagger runs a rule only on stretches holding what every match of it needs (#25)."""

from re import _parser as sre_parse  # type: ignore[attr-defined]

from veille.time.rules import DIGIT, _clauses, load_table
from veille.time.tagger import find_matches


def test_clauses_read_from_the_parsed_pattern():
    clauses = _clauses(sre_parse.parse(r"(?<!x)il\s+y\s+a\s+(?:\d+|deux)\s+(?:ans?|mois)(?=\s*,)", 2))
    assert frozenset({"il"}) in clauses and frozenset({"y"}) in clauses
    assert frozenset({DIGIT, "deux"}) in clauses
    assert frozenset({"an", "mois"}) in clauses and frozenset({","}) in clauses
    assert frozenset({"x"}) not in clauses  # a lookbehind may look before the stretch
    assert _clauses(sre_parse.parse(r"(?:le\s+)?mardi|x*", 2)) == []  # a branch that needs nothing


def test_a_risky_case_fold_runs_every_rule():
    table = load_table("fr")
    assert table.needles_in("mardi ſoir", 0, 10) is None
    found = table.needles_in("il y a deux ans", 0, 15)
    assert found is not None and "il" in found and "ans" in found
    for rule in table.rules:
        if rule.name == "ago":
            assert table.can_match(rule.needs, found)
        if rule.name == "in":
            assert not table.can_match(rule.needs, found)


def test_matches_unchanged_by_the_filter():
    table = load_table("fr")
    text = "Il y a deux ans, le 3 mars 2019, puis mardi dernier vers 15 h 30 et dans trois semaines."
    names = [m.rule.name for m in find_matches(text, table)]
    assert names == ["ago", "day_month", "weekday", "clock_prep", "in"]
