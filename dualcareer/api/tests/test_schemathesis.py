"""Schemathesis against the OpenAPI schema of API v1, in process (WSGI), inside pytest.

Every operation of /api/v1/schema/, as an officer and as an outsider (each
with a token holding every scope, so that the user's permissions decide) and
anonymously: no answer is a 5xx, and every answer (status code, content type,
headers, body) is the one the schema declares. Bounded and deterministic:
MAX_EXAMPLES generated requests per operation and persona, `derandomize`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dualcareer.api import tokens
from dualcareer.api.scopes import SCOPES
from dualcareer.exchange.services import introduction_create
from dualcareer.openings.models import Visibility
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing.base import BaseTestCase

MAX_EXAMPLES = 10
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


class _Personas(BaseTestCase):
    """The suite's personas, built once per test by the `api` fixture."""


@pytest.fixture
def wsgi_app() -> Iterator[Any]:
    """Django's WSGI application, which (like the test client) keeps the test's connection.

    A WSGI request closes old database connections when it starts and ends;
    inside a test that is the test's own connection with its transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api(db: Any, settings: Any, wsgi_app: Any) -> dict[str, Any]:
    settings.API_RATE_LIMIT = "100000/min"
    cache.clear()
    _Personas.setUpTestData()
    p = _Personas
    OpeningFactory(institution=p.employer_inst, visibility=Visibility.NETWORK)
    OpeningFactory(institution=p.inst, visibility=Visibility.OFFICERS)
    case = make_case(p.inst, p.paula, scopes=("employers",))
    introduction_create(
        user=p.alice, case=case, opening=OpeningFactory(institution=p.employer_inst)
    )
    headers = {}
    for name in ("alice", "charlie", "emil"):
        _token, raw = tokens.token_create(
            user=getattr(p, name), name="schemathesis", scopes=list(SCOPES), lifetime_days=1
        )
        headers[name] = {"Authorization": f"Bearer {raw}"}
    headers["anonymous"] = {}
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json", wsgi_app, headers=headers["alice"]
    )
    return {"schema": schema, "headers": headers}


@pytest.fixture
def api_schema(api: dict[str, Any]) -> Any:
    return api["schema"]


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case: Any, api: dict[str, Any]) -> None:
    # The officer, the outsider (an officer of another member), nobody: the same request.
    for persona in ("alice", "charlie", "anonymous"):
        case.call_and_validate(headers=api["headers"][persona], checks=CHECKS)


def test_the_schema_covers_every_v1_operation(api: dict[str, Any]) -> None:
    operations = {
        (result.ok().method.upper(), result.ok().path)
        for result in api["schema"].get_all_operations()
    }
    assert ("GET", "/api/v1/openings/") in operations
    assert ("POST", "/api/v1/introductions/{public_id}/answer/") in operations
    assert len(operations) >= 14
