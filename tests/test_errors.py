"""One exception tree: everything veille raises on purpose is a VeilleError (veille.errors)."""

from __future__ import annotations

import pytest

import veille.eval.actors
import veille.eval.claims
from veille.actors.kb import KnowledgeBaseError
from veille.claims.lexicon import LexiconError
from veille.errors import GoldError, VeilleError
from veille.eval.cltls import ReferenceFormatError
from veille.ingest.fetch import FetchError
from veille.ingest.formats import Unreadable
from veille.run.limits import AnalysisTimeout
from veille.run.stages import StageError
from veille.store.base import StoreError

ERRORS = [KnowledgeBaseError, LexiconError, GoldError, ReferenceFormatError, FetchError,
          Unreadable, StoreError, StageError, AnalysisTimeout]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: e.__name__)
def test_every_error_is_a_veille_error(error: type[Exception]) -> None:
    assert issubclass(error, VeilleError)
    with pytest.raises(VeilleError, match="why"):
        raise error("why")


@pytest.mark.parametrize("error", [KnowledgeBaseError, LexiconError, GoldError, ReferenceFormatError],
                         ids=lambda e: e.__name__)
def test_former_value_errors_are_still_value_errors(error: type[Exception]) -> None:
    assert issubclass(error, ValueError)


def test_one_gold_error_for_every_gold_loader() -> None:
    assert veille.eval.actors.GoldError is GoldError
    assert veille.eval.claims.GoldError is GoldError


def test_gold_loader_raises_it(tmp_path) -> None:
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"type": "neither"}\n', encoding="utf-8")
    with pytest.raises(VeilleError):
        veille.eval.claims.load_gold(bad)


def test_errors_module_documents_the_whole_tree() -> None:
    import veille.errors
    for error in ERRORS:
        assert error.__name__ in veille.errors.__doc__


def test_cli_main_turns_a_veille_error_into_one_line(monkeypatch, capsys) -> None:
    from veille.surfaces import cli

    def broken() -> None:
        raise StoreError("store.duckdb is locked by another process")

    monkeypatch.setattr(cli, "app", broken)
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 2
    assert capsys.readouterr().err == "error: store.duckdb is locked by another process\n"
