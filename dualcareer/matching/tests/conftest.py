"""Shared fixtures: the expensive engine parts are built once per test session."""

from __future__ import annotations

import pytest

from dualcareer.matching.occupations import OccupationCatalog, OccupationLinker
from dualcareer.matching.vectors import Embedder, default_embedder


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return default_embedder()


@pytest.fixture(scope="session")
def catalog() -> OccupationCatalog:
    return OccupationCatalog.default()


@pytest.fixture(scope="session")
def linker() -> OccupationLinker:
    return OccupationLinker.default()
