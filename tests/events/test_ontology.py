"""The PLOVER ontology data is well formed and agrees with the CAMEO→PLOVER file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import veille
from veille.events.ontology import load_ontology, quad_classes

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT")


def test_sixteen_types_in_manual_order():
    assert load_ontology().names == PLOVER_TYPES


def test_quad_classes_and_intensity_signs():
    for t in load_ontology().types:
        assert t.quad_class in quad_classes()
        assert -10.0 <= t.intensity <= 10.0
        assert (t.intensity > 0) == t.quad_class.endswith("cooperation"), t.name
    onto = load_ontology()
    assert onto.get("ASSAULT").intensity == -10.0
    assert onto.get("AID").intensity > onto.get("CONSULT").intensity


def test_every_cameo_root_is_mapped():
    roots = load_ontology().cameo_roots
    assert sorted(roots) == [f"{i:02d}" for i in range(1, 21)]
    assert roots["01"] == ()  # public statements are not PLOVER events
    assert roots["08"] == ("CONCEDE", "RETREAT")
    assert all(roots[r] == ("ASSAULT",) for r in ("18", "19", "20"))
    named = {t for heirs in roots.values() for t in heirs}
    assert named == set(PLOVER_TYPES)


def test_cameo_codes_match_the_shared_file(shared_data):
    text = (shared_data / "plover" / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8")
    onto = load_ontology()
    for code, typ in re.findall(r"^(\d{3,4}):\s*([A-Z]+)", text, flags=re.M):
        assert onto.cameo_codes[code]["type"] == typ, code
    assert onto.plover_from_cameo("0841") == ("RETREAT", "release")
    assert onto.plover_from_cameo("190") == ("ASSAULT", "")


def test_old_labels_and_unknown_names():
    onto = load_ontology()
    assert onto.get("yield").name == "CONCEDE"
    with pytest.raises(KeyError, match="not a PLOVER event type"):
        onto.get("PARTY")


def test_types_are_the_manuals(shared_data):
    """The PLOVER types are exactly those the CAMEO→PLOVER file of the manual uses."""
    text = (shared_data / "plover" / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8")
    manual = set(re.findall(r"^\d{2,4}:\s*([A-Z]+)", text, flags=re.M))
    assert manual == set(PLOVER_TYPES) == set(load_ontology().names)


def test_per_type_facts_name_only_plover_types():
    """Joint, topic and implied-status facts are read from the ontology, never from a type
    list in code (which once held SETTLE, no PLOVER type)."""
    onto = load_ontology()
    joint = {t.name for t in onto.types if t.joint}
    topical = {t.name for t in onto.types if t.topic}
    assert joint == {"AGREE", "CONSULT", "COOPERATE", "AID"}
    assert joint <= topical <= set(PLOVER_TYPES)
    assert {t.name: t.status for t in onto.types if t.status} == {"THREATEN": "threatened"}
    assert onto.is_joint("CONSULT") and not onto.is_joint("ASSAULT")
    assert not onto.is_joint("SETTLE") and not onto.takes_topic("")
    assert onto.implied_status("THREATEN") == "threatened"
    assert onto.implied_status("ASSAULT") is None


def test_trigger_lexicons_use_plover_types():
    package = Path(veille.__file__).parent / "events" / "data"
    for name in ("triggers.tsv", "extra_triggers.tsv"):
        lines = (package / name).read_text(encoding="utf-8").splitlines()
        types = {line.split("\t")[0] for line in lines if line and not line.startswith("#")}
        assert types - {"type"} <= set(PLOVER_TYPES), name


def test_quad_classes_in_gdelt_order():
    onto = load_ontology()
    assert quad_classes() == ("verbal_cooperation", "material_cooperation", "verbal_conflict",
                              "material_conflict")
    assert [onto.quad_code(q) for q in quad_classes()] == [1, 2, 3, 4]
    assert onto.quad_code(None) is None and onto.quad_code("neutral") is None
    assert [onto.is_cooperation(q) for q in quad_classes()] == [True, True, False, False]
    for t in onto.types:
        assert onto.is_cooperation(t.quad_class) == t.quad_class.endswith("cooperation")


def test_export_and_escalation_read_quad_classes_from_the_ontology():
    """One definition: the export's QuadClass numbers and the escalation series' classes
    are the ontology's, and no module writes the list again."""
    from datetime import date

    import veille.export.events as export_events
    import veille.stories.escalation as escalation

    assert not hasattr(export_events, "QUAD_CODES")
    assert not hasattr(escalation, "QUAD_CLASSES")
    (point,) = escalation.daily_series([], ["IRN"], date(2024, 5, 1), date(2024, 5, 1))
    assert tuple(point.counts) == quad_classes()
    assert [k for k in point.to_dict() if k.endswith("_count")] == \
        [f"{q}_count" for q in quad_classes()]
    literal = re.compile(r"[\[({]\s*[\"']verbal_cooperation[\"']\s*[,:]")
    src = Path(veille.__file__).parent
    offenders = [str(p.relative_to(src)) for p in src.rglob("*.py")
                 if literal.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
