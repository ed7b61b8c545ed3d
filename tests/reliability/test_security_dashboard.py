"""Hostile article text reaches the dashboard and the HTML brief as text, never as code.

Articles are ingested through the real runner with `<script>`, `onerror=`, `<svg onload>`
and `javascript:` payloads in their text, title, source and URL; then headless Chromium
opens every article view, the story view and the HTML brief. Each payload, if it ever
ran, would set `window.__pwned` or open a dialog; the test checks neither happened, that
no `javascript:` link exists, and that the payloads are visible as text.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from veille.run.runner import RunOptions, ingest
from veille.store import open_store

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
WAIT_MS = 60_000
BASE = ("Emmanuel Macron a rencontré Joe Biden à Paris lundi 3 mars 2024, selon l'Élysée. "
        "Le Hamas a rejeté l'offre, a déclaré un responsable au Caire. ")
PAYLOADS = {
    "script": "<script>window.__pwned='script'</script>",
    "onerror": "<img src=x onerror=\"window.__pwned='onerror'\">",
    "javascript": "<a href=\"javascript:window.__pwned='js-link'\">lire la suite</a>",
    "svg": "<svg onload=\"window.__pwned='svg'\"></svg>",
}
DOCS = [
    {"id": "x1", "title": PAYLOADS["onerror"], "source": PAYLOADS["svg"],
     "url": "javascript:window.__pwned='url'", "date": "2024-03-03",
     "text": BASE + PAYLOADS["script"] + " " + PAYLOADS["javascript"]},
    {"id": "x2", "title": "Dépêche " + PAYLOADS["script"], "source": "<b>AFP</b>",
     "url": "https://example.org/a?q=<script>window.__pwned='q'</script>", "date": "2024-03-04",
     "text": "Le Qatar a annoncé mardi une trêve à Gaza. " + PAYLOADS["onerror"] + " "
             + PAYLOADS["svg"] + " Les négociations reprendront à Doha, selon l'ONU."},
]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    import uvicorn

    from veille.surfaces.api import create_app

    folder = tmp_path_factory.mktemp("xss")
    corpus, db = folder / "hostile.jsonl", folder / "x.duckdb"
    corpus.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in DOCS),
                      encoding="utf-8")
    with open_store(str(db)) as store:
        summary = ingest([str(corpus)], store, run=RunOptions(workers=1))
        ids = [row[0] for row in store.con.execute("SELECT id FROM articles").fetchall()]
    assert summary.stored == len(DOCS), summary.skipped
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ids
    srv.should_exit = True
    thread.join(timeout=10)


def assert_nothing_ran(page, dialogs: list[str]) -> None:
    assert page.evaluate("window.__pwned") is None
    assert not dialogs, dialogs
    links = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
    assert not [h for h in links if h.strip().lower().startswith("javascript:")], links
    assert page.eval_on_selector_all("[onerror], [onload]", "els => els.length") == 0


def open_page(browser, url: str, ready: str | None):
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    if ready:
        page.wait_for_selector(f"body[data-ready={ready}]", timeout=WAIT_MS)
    else:
        page.wait_for_load_state("load")
    return context, page, dialogs


def test_article_views_show_payloads_as_text(browser, hostile_server):
    base, ids = hostile_server
    for article_id in ids:
        context, page, dialogs = open_page(browser, f"{base}/ui/#article={article_id}", "article")
        try:
            shown = page.locator("#article-text").inner_text() + page.locator(
                "#article-title").inner_text() + page.locator("#article-meta").inner_text()
            assert "<script>" in shown or "onerror=" in shown  # the payload, as text
            page.wait_for_timeout(300)  # an <img onerror> would have fired by now
            assert_nothing_ran(page, dialogs)
        finally:
            context.close()


def test_story_view_and_brief_run_no_payload(browser, hostile_server):
    base, _ = hostile_server
    for url, ready in ((f"{base}/ui/", "story"), (f"{base}/brief?format=html", None)):
        context, page, dialogs = open_page(browser, url, ready)
        try:
            page.wait_for_timeout(300)
            assert_nothing_ran(page, dialogs)
        finally:
            context.close()
