"""Each brief line can be checked against its one citation (issue #23 item 4, read line by
line on the seeds and a 100-article Mali store): a role names one counterpart, and the
sentence it cites names it; a speaker phrase that is a piece of the sentence is not shown
as someone; the lead tells an event, not the commentary of a blog post."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.run.runner import RunOptions, ingest
from veille.store import open_store
from veille.surfaces.brief import BriefOptions, build_brief
from veille.surfaces.brief.build import speaker_words


@pytest.fixture(scope="module")
def brief(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("lines") / "seeds.duckdb"
    with open_store(str(db)) as store:
        ingest([str(p) for p in sorted(seeds_dir.iterdir())], store,
               run=RunOptions(workers=1))
        yield build_brief(store, BriefOptions(lang="fr"))


def test_a_role_names_one_counterpart_that_its_sentence_names(brief) -> None:
    """The United States hold talks with Iran and with Iraq: two lines, each citing a
    sentence naming its counterpart (one line 'Iran, Irak' cited by an Iran sentence was
    half unsupported)."""
    [usa] = [a for a in brief.actors if a["id"] == "USA"]
    talks = {r["others"][0]: r for r in usa["roles"] if r["verb"] == "CONSULT" and r["others"]}
    assert {"Iran", "Irak"} <= set(talks)
    assert "Irak" in talks["Irak"]["cite"].text and "Iran" in talks["Iran"]["cite"].text
    for actor in brief.actors:
        assert all(len(r["others"]) <= 1 for r in actor["roles"] + actor["stakes"]
                   if r["kind"] != "hosts"), actor["id"]


def test_the_lead_is_an_event_not_commentary(brief) -> None:
    """Seed 004's latest date holds a columnist's 'les gestes diplomatiques aident à lisser
    l'analyse' (an AID trigger naming no one) and its headline about the militias."""
    lead = brief.counts["lead"]
    assert "envisagent de frapper les forces iraniennes" in lead["text"]


def test_speaker_phrases_that_are_no_one_are_not_shown() -> None:
    assert speaker_words({"speaker": {"text": "son côté"}}) is None
    assert speaker_words({"speaker": {"text": "26 novembre le chef du gouvernement"}}) is None
    assert speaker_words({"speaker": {"text": "Le chauffeur"}}) == "Le chauffeur"
