"""Count the Python function calls (cProfile) of three list pages: a deterministic cost figure.

    .venv/bin/python bench/page_calls.py            # the code as it is
    .venv/bin/python bench/page_calls.py --django   # get_FOO_display() on Django's own method

Pages: the member directory (anonymous), the employer's "my openings" and
the officer's case list. A fresh SQLite test database (in memory), the test
personas of ``BaseTestCase``, 60 member institutions (50 on the directory's
first page), 60 openings of the employer (50 on the first page of "my
openings") and 60 cases of the officer's institution. Each page is requested
three times to warm per-process caches, then profiled once per language.
Call counts vary by about +-10 between runs; timings are not printed (this
machine's are noise, see "Load" in bench/README.md). The printed hash of
each page (CSRF tokens, nonces and random ids removed) shows whether two
versions of the code render the same HTML.
"""

from __future__ import annotations

import cProfile
import hashlib
import os
import pstats
import re
import sys

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
for key, value in {
    "DJANGO_SECRET_KEY": "test-only-secret-key-not-for-production-0123456789",
    "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_DEBUG": "false",
}.items():
    os.environ.setdefault(key, value)

import django  # noqa: E402

django.setup()

import tempfile  # noqa: E402

from django.conf import settings  # noqa: E402

# As the project's conftest.py.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
settings.MATCHING_INDEX_DIR = tempfile.mkdtemp(prefix="dc-display-calls-")
from django.test.signals import setting_changed  # noqa: E402

setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)

from django.test.utils import setup_databases, setup_test_environment  # noqa: E402

from dualcareer.testing import twofactor  # noqa: E402

twofactor.install()
setup_test_environment()
setup_databases(verbosity=0, interactive=False)

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from dualcareer.cases.tests.factories import CaseFactory  # noqa: E402
from dualcareer.network.models import Sector, ServiceProvision  # noqa: E402
from dualcareer.openings.models import Visibility  # noqa: E402
from dualcareer.openings.tests.factories import OpeningFactory  # noqa: E402
from dualcareer.testing import factories as f  # noqa: E402
from dualcareer.testing.base import BaseTestCase  # noqa: E402

if "--django" in sys.argv:
    # "Before": every get_FOO_display() of the project's models back on Django's own method.
    from functools import partialmethod

    from django.apps import apps
    from django.db import models

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.choices is not None and field.model is model:
                setattr(
                    model,
                    f"get_{field.name}_display",
                    partialmethod(models.Model._get_FIELD_display, field=field),
                )

BaseTestCase.setUpTestData()
base = BaseTestCase
for i in range(60):
    institution = f.InstitutionFactory(
        sector=list(Sector)[i % len(Sector)],
        offers_dual_career_service=bool(i % 2),
        service_provision=["", ServiceProvision.IN_HOUSE, ServiceProvision.JOINT_LOCAL][i % 3],
        counselling_languages=["de", "en"],
    )
    f.NetworkMembershipFactory(network=base.network, institution=institution)
    f.ContactFactory(institution=institution)
for i in range(60):
    OpeningFactory(
        institution=base.employer_inst,
        title_de=f"Laborleitung {i}",
        visibility=list(Visibility)[i % len(Visibility)],
    )
for _i in range(60):
    CaseFactory(institution=base.inst)


def profile(client: Client, url: str, label: str) -> None:
    for _ in range(3):
        assert client.get(url).status_code == 200
    profiler = cProfile.Profile()
    profiler.enable()
    response = client.get(url)
    profiler.disable()
    assert response.status_code == 200, response.status_code
    # The page without its per-request tokens (CSRF, CSP nonce) and the random public ids.
    body = re.sub(rb'(nonce|value|content)="[^"]{20,}"', b"", response.content)
    body = re.sub(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", b"<uuid>", body)
    digest = hashlib.sha256(body).hexdigest()[:12]
    stats = pstats.Stats(profiler)
    display = sum(
        v[1]
        for k, v in stats.stats.items()
        if k[2] == "_get_FIELD_display"  # type: ignore[attr-defined]
    )
    gettext_calls = sum(
        v[1]
        for k, v in stats.stats.items()  # type: ignore[attr-defined]
        if k[2] == "gettext" and "translation" in k[0]
    )
    print(
        f"{label:38s} total calls {stats.total_calls:>8,d}  "  # type: ignore[attr-defined]
        f"primitive {stats.prim_calls:>8,d}  _get_FIELD_display {display:>4d}  "  # type: ignore[attr-defined]
        f"gettext {gettext_calls:>5d}  bytes {len(response.content):,d} sha {digest}"
    )


for language in ("de", "en"):
    translation.activate(language)
    anonymous = Client()
    directory = reverse("network:directory")
    profile(anonymous, directory, f"[{language}] member directory {directory}")
    employer = Client()
    employer.force_login(base.emil)
    manage = reverse("openings:manage")
    profile(employer, manage, f"[{language}] employer: my openings {manage}")
    officer = Client()
    officer.force_login(base.alice)
    cases = reverse("cases:list")
    profile(officer, cases, f"[{language}] officer: case list {cases}")
