"""The dashboard in headless Chromium: panels render, clicking an event or a claim opens
the article with its sentence highlighted, filters apply, and `<script>` shows as text."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "api"))  # the shared store builder
import crisis_store  # noqa: E402

pytestmark = pytest.mark.browser
WAIT_MS = 60_000


@pytest.fixture()
def page(browser, server: str):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(f"{server}/ui/")
    pg.wait_for_selector("body[data-ready=story]", timeout=WAIT_MS)
    yield pg
    context.close()
    assert not errors, errors


def test_story_page_panels(page, screenshots: Path) -> None:
    rows = page.locator("#events tbody tr.event")
    assert rows.count() == 3
    assert page.locator("#network svg line").count() == 3
    assert page.locator("#map svg circle").count() == 2
    assert set(page.locator("#map svg text.place-label").all_text_contents()) == {"Muscat", "Iraq"}
    assert page.locator("#map svg polygon.land").count() > 200  # the shipped country outlines
    assert page.locator("#contested .pair").count() == 1
    assert page.locator("#timeline li").count() >= 1
    assert page.locator("#unresolved-note").text_content() == "Every name is resolved."
    page.screenshot(path=str(screenshots / "story.png"), full_page=True)


def test_unresolved_panel_lists_names_worst_first(browser, tmp_path: Path) -> None:
    """Names with no KB actor (none, or a made-up `~` id), most mentioned first, as text."""
    from conftest import serving

    from veille.model import Actor, Analysis, Article, Mention
    from veille.store import open_store
    from veille.store.base import Record

    text = "Haftar et <b>Sarraj</b>. Haftar refuse. Haftar avance."
    made_up = Actor("PERS-LBY-~KHALIFA-HAFTAR", "Haftar", "person", "LBY")
    at = [m.start() for m in re.finditer("Haftar", text)]
    sarraj = text.index("<b>Sarraj</b>")
    mentions = [Mention(at[0], at[0] + 6, "Haftar", made_up, "PER"),
                Mention(sarraj, sarraj + 13, "<b>Sarraj</b>", None, "PER"),
                Mention(at[1], at[1] + 6, "Haftar", None, "PER"),
                Mention(at[2], at[2] + 6, "Haftar", made_up, "PER")]
    article = Article(text=text, id="lby1", language="fr")
    db = tmp_path / "unresolved.duckdb"
    with open_store(str(db)) as store:
        store.write([Record(Analysis(article, mentions=mentions), "h", None, analyzed=True)])
    with serving(db) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        page = context.new_page()
        page.goto(f"{url}/ui/")
        page.wait_for_selector("body[data-ready=story]", timeout=WAIT_MS)
        rows = page.locator("#unresolved tbody tr.unresolved")
        assert rows.count() == 2
        assert rows.nth(0).locator("td").all_text_contents() == \
            ["3", "1", "Haftar", "PERS-LBY-~KHALIFA-HAFTAR"]
        assert rows.nth(1).locator("td").nth(2).text_content() == "<b>Sarraj</b>"  # text, not HTML
        assert "2 names, 4 mentions" in page.locator("#unresolved-note").text_content()
        context.close()


def test_click_event_highlights_its_sentence_and_scripts_stay_text(page, screenshots: Path) -> None:
    page.locator("#events tbody tr.event", has_text="THREATEN").click()
    page.wait_for_selector("body[data-ready=article]", timeout=WAIT_MS)
    assert page.locator("mark#highlight").inner_text() == crisis_store.SENTENCES["threaten"]
    assert page.locator("#story").is_hidden() and page.locator("mark#highlight").is_visible()
    assert crisis_store.SCRIPT in page.locator("#article-text").inner_text()
    assert crisis_store.SCRIPT in page.locator("#article-title").inner_text()
    assert page.evaluate("document.body.dataset.pwned") is None
    assert page.locator("#article-text script").count() == 0
    page.screenshot(path=str(screenshots / "article.png"), full_page=True)


def test_click_contested_claim_opens_its_article(page) -> None:
    page.locator("#contested .side", has_text="99 %").click()
    page.wait_for_selector("body[data-ready=article]", timeout=WAIT_MS)
    assert page.locator("mark#highlight").inner_text() == "avoir intercepté 99 % des missiles iraniens"


def test_actor_and_date_filters(page) -> None:
    page.select_option("#f-actor", "ISR")
    page.click("#filters button")
    page.wait_for_selector("body[data-ready=story]", timeout=WAIT_MS)
    assert page.locator("#events tbody tr.event").all_inner_texts()[0].split("\t")[1] == "THREATEN"
    assert page.locator("#events tbody tr.event").count() == 1
    page.select_option("#f-actor", "")
    page.fill("#f-from", "2024-05-13")
    page.fill("#f-to", "2024-05-15")
    page.click("#filters button")
    page.wait_for_selector("body[data-ready=story]", timeout=WAIT_MS)
    assert page.locator("#events tbody tr.event").count() == 1
    assert "CONSULT" in page.locator("#events tbody tr.event").inner_text()
