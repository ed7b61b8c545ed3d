"""The REST API, in process (ASGI): every endpoint, filters, pages, auth, limits, errors."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the shared store builder beside this file
import crisis_store  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from veille.surfaces.api import create_app

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(crisis_store.build_store(tmp_path_factory.mktemp("api") / "crisis.duckdb"))


@pytest.fixture()
def client(db: str):
    with TestClient(create_app(db, token=None)) as c:
        yield c


def _fr_id(client: TestClient) -> str:
    return client.get("/articles", params={"language": "fr"}).json()["items"][0]["id"]


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok", "articles": 2, "events": 3,
                                            "claims": 3, "writes": False}
    schema = client.get("/openapi.json").json()
    for path in ("/articles", "/actors", "/mentions", "/events", "/claims", "/stories",
                 "/timeline", "/escalation", "/brief", "/search", "/ingest"):
        assert path in schema["paths"], path


def test_articles_pages_are_stable_and_filtered(client: TestClient) -> None:
    first = client.get("/articles", params={"limit": 1}).json()
    second = client.get("/articles", params={"limit": 1, "offset": 1}).json()
    assert first["total"] == second["total"] == 2
    assert first["items"][0]["published"] == "2024-05-16"      # newest first
    assert second["items"][0]["published"] == "2024-05-14"
    old = client.get("/articles", params={"sort": "-published"}).json()["items"]
    assert [a["published"] for a in old] == ["2024-05-14", "2024-05-16"]
    assert client.get("/articles", params={"source": "example.com"}).json()["total"] == 1
    assert client.get("/articles", params={"from": "2024-05-15"}).json()["total"] == 1
    assert client.get("/articles", params={"actor": "OMN"}).json()["total"] == 1


def test_article_detail_keeps_text_and_analysis(client: TestClient) -> None:
    art = client.get(f"/articles/{_fr_id(client)}").json()
    assert art["text"] == crisis_store.FR_TEXT
    assert [e["type"] for e in art["events"]] == ["CONSULT", "ASSAULT"]


def test_full_text_search_folds_accents(client: TestClient) -> None:
    hits = client.get("/search", params={"q": "Etats-Unis mascate"}).json()
    assert hits["total"] == 1 and "[Mascate]" in hits["items"][0]["snippet"]
    found = client.get("/articles", params={"q": "retaliate"}).json()["items"]
    assert [a["language"] for a in found] == ["en"]
    # FTS5 syntax in user input is quoted, never interpreted
    assert client.get("/search", params={"q": 'NEAR(" OR *'}).status_code == 200


def test_actors_and_mentions(client: TestClient) -> None:
    actors = client.get("/actors").json()["items"]
    assert {a["id"] for a in actors} >= {"USA", "IRN", "ISR", "OMN", "REB-IRQ"}
    assert client.get("/actors/OMN").json()["name"] == "Oman"
    mentions = client.get("/mentions", params={"actor": "ISR"}).json()
    assert mentions["total"] == 2 and {m["text"] for m in mentions["items"]} == {"Israël", "Israel"}


def test_events_filters(client: TestClient) -> None:
    get = lambda **p: client.get("/events", params=p).json()  # noqa: E731
    assert [e["type"] for e in get()["items"]] == ["ASSAULT", "CONSULT", "THREATEN"]
    assert get(actor="IRN")["total"] == 2
    assert [e["type"] for e in get(type="ASSAULT")["items"]] == ["ASSAULT"]
    assert [e["type"] for e in get(status="threatened")["items"]] == ["THREATEN"]
    assert [e["day"] for e in get(**{"from": "2024-05-13", "to": "2024-05-15"})["items"]] \
        == ["2024-05-14"]
    assert get(language="en")["total"] == 1
    assert [e["type"] for e in get(sort="intensity")["items"]][0] == "CONSULT"


def test_claims_and_contested_pair(client: TestClient) -> None:
    claims = client.get("/claims", params={"language": "fr"}).json()["items"]
    contested = [c for c in claims if c["contested_with"]]
    assert len(contested) == 2
    assert client.get("/claims", params={"sourcing": "anonymous"}).json()["total"] == 2
    pairs = client.get("/claims/contested").json()["items"]
    assert len(pairs) == 1
    assert {pairs[0]["a"]["sourcing"], pairs[0]["b"]["sourcing"]} == {"named", "anonymous"}
    assert "99 %" in pairs[0]["a"]["content"] + pairs[0]["b"]["content"]


def test_stories_timeline_escalation_network_places(client: TestClient) -> None:
    assert client.get("/stories").json() == {"items": [], "total": 0}
    timeline = client.get("/timeline").json()
    assert timeline["total"] >= 1 and all(e["summary"] for e in timeline["items"])
    esc = client.get("/escalation", params={"actors": "IRN,ISR"}).json()
    assert esc["actors"] == ["IRN", "ISR"] and esc["series"]
    busiest = client.get("/escalation").json()  # no actors: the two sides with most events
    assert len(busiest["sides"]) == 2 and busiest["events"] >= 1
    assert all(isinstance(p["events"], list) for p in busiest["series"])
    net = client.get("/network").json()
    assert {(e["source"], e["target"]) for e in net["edges"]} == {
        ("USA", "IRN"), ("REB-IRQ", "USA"), ("IRN", "ISR")}
    places = client.get("/places").json()["items"]
    assert {p["name"] for p in places} == {"Muscat", "Iraq"} and places[0]["kind"] == "event"


def test_brief_markdown_and_html_escape_article_text(client: TestClient) -> None:
    md = client.get("/brief", params={"lang": "en"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "## Contested claims" in md.text and "99 %" in md.text
    html = client.get("/brief", params={"format": "html"}).text
    assert "<script>document" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("url,status", [
    ("/articles?limit=0", 422), ("/articles?limit=501", 422), ("/articles?offset=-1", 422),
    ("/articles?sort=id;DROP TABLE articles", 422), ("/events?from=2024-13-01", 422),
    ("/events?from=2024-05-20&to=2024-05-01", 422),
    ("/escalation?actors=,", 422), ("/articles/nope", 404), ("/actors/nope", 404),
    ("/brief?lang=de", 422), ("/search?q=", 422), ("/nowhere", 404),
])
def test_bad_requests_answer_json_with_a_reason(client: TestClient, url: str, status: int) -> None:
    r = client.get(url)
    assert r.status_code == status
    body = r.json()
    assert body["reason"] and body["error"]
    assert client.get("/health").json()["articles"] == 2     # nothing was dropped


def test_writes_refused_without_configured_token(client: TestClient) -> None:
    r = client.post("/ingest", json={"documents": [{"text": "x"}]},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403 and "VEILLE_API_TOKEN" in r.json()["reason"]


def test_ingest_needs_the_right_token(tmp_path: Path) -> None:
    db = str(crisis_store.build_store(tmp_path / "w.duckdb"))
    doc = {"documents": [{"text": "Le Qatar a accueilli une réunion discrète à Doha.",
                          "title": "Doha", "date": "2024-05-20", "language": "fr"}],
           "analyze": False}
    with TestClient(create_app(db, token=TOKEN)) as c:
        assert c.post("/ingest", json=doc).status_code == 401
        assert c.post("/ingest", json=doc, headers={"Authorization": "Bearer wrong"}).status_code == 403
        assert c.post("/ingest", json={"bad": 1}, headers={"Authorization": "Bearer x"}).status_code == 403
        ok = c.post("/ingest", json=doc, headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 201 and ok.json()["stored"] == 1
        assert c.get("/search", params={"q": "Doha"}).json()["total"] == 1
        bad = c.post("/ingest", json={"documents": []}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert bad.status_code == 422 and "documents" in bad.json()["reason"]


def test_request_body_limit(tmp_path: Path) -> None:
    db = str(crisis_store.build_store(tmp_path / "l.duckdb"))
    with TestClient(create_app(db, token=TOKEN, max_body=1000)) as c:
        r = c.post("/ingest", json={"documents": [{"text": "x" * 5000}]},
                   headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 413 and "1000" in r.json()["reason"]
        body = ('{"documents": [{"text": "' + "y" * 5000 + '"}]}').encode()
        chunked = c.post("/ingest", content=iter([body[:2000], body[2000:]]),   # no length
                         headers={"Authorization": f"Bearer {TOKEN}",
                                  "content-type": "application/json"})
        assert chunked.status_code == 413


def test_dashboard_assets_are_served_offline(client: TestClient) -> None:
    page = client.get("/ui/")
    assert page.status_code == 200 and "app.js" in page.text
    assert "http" not in client.get("/ui/app.js").text.replace("http://www.w3.org/2000/svg", "")
    assert ".innerHTML" not in client.get("/ui/app.js").text


def test_story_filter(tmp_path: Path) -> None:
    from veille.stories.cluster import build_stories
    from veille.store import open_store

    db = crisis_store.build_store(tmp_path / "s.duckdb")
    with open_store(str(db)) as store:
        stories = build_stories(store)
    story = next(s for s in stories if any(a.language == "fr" for a in s.articles))
    with TestClient(create_app(str(db))) as c:
        listed = c.get("/stories").json()["items"]
        assert story.id in {s["id"] for s in listed}
        events = c.get("/events", params={"story": story.id}).json()["items"]
        assert {e["article_id"] for e in events} == {a.id for a in story.articles}
        assert c.get("/events", params={"story": "nope"}).json()["total"] == 0
