"""The package's English example article (#24), read through `veille.analyze` with the
English model: the dateline's SANAA is a place, not Yemen's government; the speakers are
the Houthi movement (not "Feb 10 - Yemen's Houthi movement") and Yahya Saree with his
whole statement (not "to Israel")."""

from __future__ import annotations

from importlib import resources

import pytest

import veille


@pytest.fixture(scope="module")
def red_sea() -> veille.Analysis:
    raw = resources.files("veille.data").joinpath("examples/06_en_red_sea.txt").read_text("utf-8")
    header, _, text = raw.partition("\n")  # " date 2026-02-10", the scrapers' first line
    return veille.analyze(text, published=header.split()[-1], language="en")


def test_the_dateline_is_a_place_not_an_actor(red_sea: veille.Analysis) -> None:
    sanaa = next(p for p in red_sea.places if p.text == "SANAA")
    assert (sanaa.name, sanaa.country) == ("Sanaa", "YEM")
    assert not any(m.start <= sanaa.start < m.end for m in red_sea.mentions)


def test_speakers_and_their_statements(red_sea: veille.Analysis) -> None:
    by_speaker = {c.speaker_text: c for c in red_sea.claims}
    houthis = by_speaker["Yemen's Houthi movement"]
    assert houthis.speaker.actor.id == "YEMREBHOU"
    assert houthis.content.startswith("had launched drones at a commercial vessel in the Red Sea")
    saree = by_speaker["Yahya Saree"]
    assert saree.speaker.actor.id == "PERS-YEM-SAREE-YAHYA"
    assert saree.content == "the group would keep targeting ships linked to Israel"
    assert by_speaker["the Financial Times"].sourcing == "media_relay"
    assert not any("Feb 10" in (c.speaker_text or "") for c in red_sea.claims)


def test_the_houthi_attack_has_the_houthis_as_source(red_sea: veille.Analysis) -> None:
    attack = next(e for e in red_sea.events if e.type == "ASSAULT")
    assert attack.source.actor.id == "YEMREBHOU"
    assert attack.place is not None and attack.place.name == "Red Sea"


def test_the_houthi_drone_attack_on_commercial_shipping(red_sea: veille.Analysis) -> None:
    """"…said on Tuesday it had launched drones at a commercial vessel": the pronoun is the
    speaker, the vessel is commercial shipping (no flag state is named)."""
    attack = next(e for e in red_sea.events if e.type == "ASSAULT" and e.trigger == "drones")
    assert attack.source.actor.id == "YEMREBHOU"
    assert (attack.target.text, attack.target.actor.id) == ("commercial vessel", "BUSSHIPPING")
