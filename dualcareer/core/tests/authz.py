"""Authorisation-matrix rows of the core app: liveness and readiness (public, no data)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from dualcareer.core.heartbeat import beat
from dualcareer.site.tests.authz_common import ALL, at


def _ready(fx: Any) -> str:
    """/readyz with a worker heartbeat of now (the matrix runs longer than its 5 minutes)."""
    beat("authz-matrix")
    return reverse("readyz")


ROWS: dict[str, dict[str, Any]] = {
    # Probes of load balancers and monitoring: everybody gets the same answer,
    # which names checks only (no personal data, nothing about the caller).
    "healthz": {"url": at("healthz"), "GET": ALL},
    "readyz": {"url": _ready, "GET": ALL},
}


def setup(cls: Any) -> None:
    beat("authz-matrix")  # a recent worker heartbeat: ready


PATTERN_COUNT = 2
ADMIN_PATTERN_COUNT = 0
CELL_COUNT = 18
