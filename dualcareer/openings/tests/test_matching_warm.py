"""The warm-up before a process takes traffic: what gunicorn's hooks ask of it."""

import gc
import os
import runpy
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest

from dualcareer.openings.matchmaking import warm


@pytest.fixture
def cheap_engine():
    """The warm-up's steps without building the real engine (that is what they do, not this)."""
    with (
        mock.patch.object(
            warm.engine.Matcher, "default", return_value=SimpleNamespace(embedder=None)
        ),
        mock.patch.object(warm.Gazetteer, "default"),
    ):
        yield
    gc.unfreeze()


def test_a_warm_up_asked_to_freeze_takes_what_exists_out_of_the_collector(cheap_engine):
    gc.unfreeze()
    warm.warm_up()
    assert gc.get_freeze_count() == 0
    warm.warm_up(freeze=True)
    assert gc.get_freeze_count() > 1000  # the interpreter's, Django's and the test's objects


def test_gunicorns_hooks_prepare_the_openings_in_the_master_and_freeze(cheap_engine):
    path = Path(__file__).resolve().parents[3] / "gunicorn.conf.py"
    with mock.patch.dict(os.environ, {"GUNICORN_PRELOAD": "true"}):
        hooks = runpy.run_path(str(path))
    calls = []
    with mock.patch(
        "dualcareer.openings.matchmaking.warm_up", side_effect=lambda **kw: calls.append(kw)
    ):
        hooks["when_ready"](None)
        hooks["post_fork"](None, None)
        hooks["post_worker_init"](None)  # a no-op while the master preloads
    assert calls == [{"openings": True, "freeze": True}, {"index": True, "freeze": True}]


def test_without_a_database_the_master_starts_all_the_same(cheap_engine, caplog):
    from django.db import OperationalError

    with mock.patch.object(warm.adapter, "warm_openings", side_effect=OperationalError("down")):
        warm.warm_up(openings=True)
    assert "could not prepare the openings (OperationalError)" in caplog.text
