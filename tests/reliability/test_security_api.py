"""API security: user strings never become SQL, writes need the token (compared in constant
time), bodies are bounded, `veille serve` binds loopback by default and warns when exposed
without a token, and writes are rate-limited per client (429 with Retry-After)."""

from __future__ import annotations

import inspect
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "surfaces" / "api"))
import crisis_store  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from fuzz_support import bounded, hostile_text  # noqa: E402
from veille.surfaces.api import create_app  # noqa: E402

TOKEN = "s3cret-token"
INJECTIONS = ["' OR '1'='1", "'; DROP TABLE articles; --", "\" OR 1=1 --", "1; SELECT 1",
              "%' UNION SELECT id, text FROM articles --", "\\", "%", "_", "' || pg_sleep(5) --",
              "$$; DROP TABLE mentions; $$", "articles.id", "published DESC; DROP TABLE x",
              "\x00", "é' --", "1e309", "-1", "99999999999999999999"]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    db = str(crisis_store.build_store(tmp_path_factory.mktemp("sec") / "crisis.duckdb"))
    with TestClient(create_app(db, token=TOKEN)) as c:
        yield c


def get_routes(client: TestClient) -> list[tuple[str, list[str]]]:
    """Every GET path of the OpenAPI schema with its query parameter names."""
    schema = client.get("/openapi.json").json()
    out = []
    for path, ops in schema["paths"].items():
        if "get" in ops and "{" not in path:
            out.append((path, [p["name"] for p in ops["get"].get("parameters", [])
                               if p.get("in") == "query"]))
    return out


def assert_store_intact(client: TestClient, articles: int) -> None:
    assert client.get("/articles", params={"limit": 1}).json()["total"] == articles


def _inject_everywhere(client, payloads: list[str]) -> None:
    before = client.get("/articles", params={"limit": 1}).json()["total"]
    routes = get_routes(client)
    assert len(routes) >= 8
    for path, params in routes:
        for name in params:
            for payload in payloads:
                with bounded("api-injection", 20):
                    r = client.get(path, params={name: payload})
                assert r.status_code < 500, (path, name, payload, r.text[:200])
    assert_store_intact(client, before)


def test_injection_strings_in_every_query_parameter(client):
    _inject_everywhere(client, INJECTIONS[:6])


@pytest.mark.slow
def test_all_injection_strings_in_every_query_parameter(client):
    _inject_everywhere(client, INJECTIONS)


@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
@given(text=st.one_of(hostile_text, st.sampled_from(INJECTIONS)))
def test_hostile_search_and_filters(client, text):
    for path, params in (("/search", {"q": text}), ("/articles", {"q": text, "source": text}),
                         ("/events", {"actor": text, "type": text}), ("/claims", {"actor": text})):
        with bounded("api-hostile", 20):
            r = client.get(path, params=params)
        assert r.status_code < 500, (path, text, r.text[:200])


def test_path_parameters_are_not_sql(client):
    for payload in INJECTIONS[:6]:
        r = client.get(f"/articles/{payload}")
        assert r.status_code in (404, 422), r.text


def test_token_comparison_is_constant_time():
    from veille.surfaces.api.app import AppState

    source = inspect.getsource(AppState)  # check_token and the _refusal it calls
    assert "compare_digest" in source and "== self.token" not in source


@pytest.mark.parametrize("header", ["Bearer s3cret-toke", "Bearer s3cret-token ", "Bearer S3CRET-TOKEN",
                                    "Bearer " + TOKEN * 100, "Basic " + TOKEN, TOKEN,
                                    "Bearer s3cret-token\x00"])
def test_near_miss_tokens_are_refused(client, header):
    r = client.post("/ingest", json={"documents": [{"text": "x"}]},
                    headers={"Authorization": header})
    assert r.status_code in (400, 401, 403), (header, r.status_code)


def test_non_numeric_content_length_is_refused(client):
    r = client.post("/ingest", content=b"{}", headers={"Authorization": f"Bearer {TOKEN}",
                                                       "Content-Length": "1e9"})
    assert r.status_code in (400, 413)


def test_writes_are_rate_limited(client):
    responses = [client.post("/ingest", json={"documents": [{"text": f"note {i}"}],
                                              "analyze": False},
                             headers={"Authorization": "Bearer wrong"}) for i in range(200)]
    statuses = [r.status_code for r in responses]
    assert statuses[0] == 403 and 429 in statuses
    limited = responses[statuses.index(429)]
    assert int(limited.headers["Retry-After"]) >= 1 and "too many" in limited.json()["reason"]
    assert client.get("/articles").status_code == 200  # reads are never limited


def test_serve_binds_loopback_by_default_and_warns_when_exposed(monkeypatch, tmp_path):
    import uvicorn
    from typer.testing import CliRunner

    import veille.surfaces.cli  # noqa: F401  (registers the commands)
    from veille.surfaces.cli_app import app

    db = str(crisis_store.build_store(tmp_path / "s.duckdb"))
    bound: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda application, host, port, **kw: bound.append(host))
    monkeypatch.delenv("VEILLE_API_TOKEN", raising=False)
    runner = CliRunner()
    quiet = runner.invoke(app, ["serve", "--db", db])
    assert quiet.exit_code == 0, quiet.output
    assert bound == ["127.0.0.1"] and "warning" not in quiet.output
    exposed = runner.invoke(app, ["serve", "--db", db, "--host", "0.0.0.0"])
    assert exposed.exit_code == 0 and "without VEILLE_API_TOKEN" in exposed.output
    monkeypatch.setenv("VEILLE_API_TOKEN", TOKEN)
    tokened = runner.invoke(app, ["serve", "--db", db, "--host", "0.0.0.0"])
    assert tokened.exit_code == 0 and "warning" not in tokened.output


def test_bad_tokens_do_not_lock_the_token_holder_out(tmp_path):
    """Issue #22 item 6: twenty bad-token POSTs used to spend the shared per-host bucket,
    and the real token holder (same host: 127.0.0.1) got 429."""
    db = str(crisis_store.build_store(tmp_path / "c.duckdb"))
    with TestClient(create_app(db, token=TOKEN)) as c:
        body = {"documents": [{"text": "note"}], "analyze": False}
        bad = [c.post("/ingest", json=body, headers={"Authorization": "Bearer wrong"}).status_code
               for _ in range(20)]
        assert bad[0] == 403 and bad[-1] == 429  # the guesser is slowed down...
        good = c.post("/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert good.status_code == 201, good.json()  # ...the token holder is not
        missing = c.post("/ingest", json=body)
        assert missing.status_code == 429  # no token at all counts as a failure too
        holder = [c.post("/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
                  .status_code for _ in range(30)]
        assert 429 in holder  # and the token's own writes keep their limit
