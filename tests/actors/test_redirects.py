"""`same_as` in actor files (what `veille actors merge` writes) and the checks behind
`veille actors merge` / `veille actors alias`: no store, no parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.actors.kb import KnowledgeBaseError, load_kb, validate_kb
from veille.actors.userfile import alias_mapping, merge_mapping, sharing
from veille.model import Actor


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_kb_duplicate_merged_gives_its_names_to_the_one_kept(tmp_path: Path) -> None:
    mine = _file(tmp_path, """actors:
- {id: PERS-LBY-HAFTAR-KHALIFA, name: Khalifa Haftar, kind: person, country: LBY}
- {id: PERS-LBY-HAFTAR-K, name: K. Haftar, kind: person, country: LBY, aliases: {fr: [Maréchal Haftar]}}
- {id: LBYREBTEST, name: Test Brigade, kind: armed_group, country: LBY, parent: PERS-LBY-HAFTAR-K}
- {id: PERS-LBY-HAFTAR-K, same_as: PERS-LBY-HAFTAR-KHALIFA}
""")
    kb = load_kb([mine])
    assert kb.get("PERS-LBY-HAFTAR-K") is None
    assert kb.redirects == {"PERS-LBY-HAFTAR-K": "PERS-LBY-HAFTAR-KHALIFA"}
    kept = kb.get("PERS-LBY-HAFTAR-KHALIFA")
    assert "Maréchal Haftar" in kept.aliases["fr"] and "K. Haftar" in kept.aliases["fr"]
    assert kb.get("LBYREBTEST").parent == "PERS-LBY-HAFTAR-KHALIFA"
    assert validate_kb(kb) == []
    found = {actor_id for text, actor_id, _ in kb.aliases("fr") if text == "Maréchal Haftar"}
    assert found == {"PERS-LBY-HAFTAR-KHALIFA"}


def test_a_made_up_id_redirects_to_a_kb_actor_and_keeps_a_made_up_target(tmp_path: Path) -> None:
    mine = _file(tmp_path, """actors:
- {id: PERS-LBY-~KHALIFA-HAFTAR, same_as: LBY}
- {id: ORG-TUR-~GNA, same_as: ORG-LBY-~GNA}
""")
    kb = load_kb([mine])
    assert validate_kb(kb) == []  # the stubs are not actors: no "no name" problem
    made_up = Actor("PERS-LBY-~KHALIFA-HAFTAR", "Khalifa Haftar", "person", "LBY")
    assert kb.redirected(made_up).id == "LBY" and kb.redirected(made_up).kind == "state"
    gna = kb.redirected(Actor("ORG-TUR-~GNA", "GNA", "other", "TUR"))
    assert (gna.id, gna.name) == ("ORG-LBY-~GNA", "GNA")
    assert kb.redirected(Actor("IRN", "Iran", "state", "IRN")).id == "IRN"


def test_a_loop_of_same_as_is_a_validation_problem(tmp_path: Path) -> None:
    mine = _file(tmp_path, """actors:
- {id: ORG-LBY-~A, same_as: ORG-LBY-~B}
- {id: ORG-LBY-~B, same_as: ORG-LBY-~A}
""")
    problems = validate_kb(load_kb([mine]))
    assert any("loops back" in p and "ORG-LBY-~A" in p for p in problems)


def test_merge_refuses_itself_unknown_ids_and_a_kb_actor_into_a_made_up_id(tmp_path: Path) -> None:
    kb = load_kb()
    with pytest.raises(KnowledgeBaseError, match="into itself"):
        merge_mapping(kb, "IRN", "IRN")
    with pytest.raises(KnowledgeBaseError, match="unknown actor id 'NOPE' \\(A\\)"):
        merge_mapping(kb, "NOPE", "IRN")
    with pytest.raises(KnowledgeBaseError, match="pass --db"):
        merge_mapping(kb, "LBY", "PERS-LBY-~KHALIFA-HAFTAR")
    in_store = {"PERS-LBY-~KHALIFA-HAFTAR"}.__contains__
    assert merge_mapping(kb, "LBY", "PERS-LBY-~KHALIFA-HAFTAR", in_store=in_store) == \
        {"id": "PERS-LBY-~KHALIFA-HAFTAR", "same_as": "LBY"}
    with pytest.raises(KnowledgeBaseError, match="merge the other way"):
        merge_mapping(kb, "PERS-LBY-~KHALIFA-HAFTAR", "LBY", in_store=in_store)


def test_merge_twice_is_nothing_to_do_and_a_second_target_is_refused(tmp_path: Path) -> None:
    kb = load_kb([_file(tmp_path, "actors:\n- {id: ORG-TUR-~GNA, same_as: ORG-LBY-~GNA}\n")])
    stored = {"ORG-LBY-~GNA", "ORG-TUR-~GNA", "ORG-FRA-~GNA"}.__contains__
    assert merge_mapping(kb, "ORG-LBY-~GNA", "ORG-TUR-~GNA", in_store=stored) is None
    with pytest.raises(KnowledgeBaseError, match="already merged into ORG-LBY-~GNA"):
        merge_mapping(kb, "ORG-FRA-~GNA", "ORG-TUR-~GNA", in_store=stored)
    with pytest.raises(KnowledgeBaseError, match="into itself"):  # the loop it would make
        merge_mapping(kb, "ORG-TUR-~GNA", "ORG-LBY-~GNA", in_store=stored)


def test_alias_checks_the_id_the_language_and_what_the_form_is_shared_with() -> None:
    kb = load_kb()
    assert alias_mapping(kb, "IRN", "Pays  des ayatollahs", "fr") == \
        {"id": "IRN", "aliases": {"fr": ["Pays des ayatollahs"]}}  # spaces collapsed
    assert alias_mapping(kb, "IRN", "téhéran", "fr") is None  # already written so (case folded)
    assert sharing(kb, "USA", "Téhéran", "fr") == ["IRN"]
    assert alias_mapping(kb, "USA", "Téhéran", "fr", prefer="IRN") == \
        {"id": "USA", "aliases": {"fr": [{"text": "Téhéran", "prefer": "IRN"}]}}
    for args, reason in ((("NOPE", "x", "fr"), "unknown actor id"), (("IRN", "  ", "fr"), "empty"),
                         (("IRN", "Perse", "french"), "two-letter")):
        with pytest.raises(KnowledgeBaseError, match=reason):
            alias_mapping(kb, *args)
