"""Property-based run of the whole API against its own OpenAPI schema (schemathesis):
whatever the generated parameters, no endpoint answers with a server error, and every
response matches the schema's status codes and content types."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).parent))  # the shared store builder beside this file
import crisis_store  # noqa: E402

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is a test extra")

from schemathesis.checks import not_a_server_error  # noqa: E402

from veille.surfaces.api import create_app  # noqa: E402


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    db = crisis_store.build_store(tmp_path_factory.mktemp("schema") / "crisis.duckdb")
    return create_app(str(db), token="schema-token")


def _operations(app) -> list:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_no_server_error(app) -> None:
    """Each operation gets generated cases (schemathesis strategies driven by Hypothesis;
    its pytest plugin is not used because it does not support pytest 9 yet)."""
    operations = _operations(app)
    assert len(operations) >= 15
    for operation in operations:
        _fuzz(operation)


def _fuzz(operation) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck),
              database=None)
    def run(case) -> None:
        # Writes are exercised without the token: refused (401), never a crash.
        response = case.call(timeout=120)
        case.validate_response(response, checks=(not_a_server_error,))
        kind = (response.headers.get("content-type") or [""])[0].split(";")[0]
        assert kind in ("application/json", "text/markdown", "text/html", "text/plain"), \
            f"{operation.method} {operation.path}: {kind}"

    run()
