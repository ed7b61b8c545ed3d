"""The PLOVER ontology data is well formed and agrees with the CAMEO→PLOVER file."""

from __future__ import annotations

import re

import pytest

from veille.events.ontology import QUAD_CLASSES, load_ontology

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT")


def test_sixteen_types_in_manual_order():
    assert load_ontology().names == PLOVER_TYPES


def test_quad_classes_and_intensity_signs():
    for t in load_ontology().types:
        assert t.quad_class in QUAD_CLASSES
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
