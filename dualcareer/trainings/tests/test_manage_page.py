"""The coordinator's "Manage the programme" page: every training, in pages, with flat queries."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dualcareer.trainings.models import Status
from dualcareer.trainings.tests.factories import make_training
from dualcareer.trainings.tests.helpers import TrainingsTestCase
from dualcareer.trainings.views.coordinator import PER_PAGE


class ManagePageTests(TrainingsTestCase):
    def add(self, count: int, start: int = 0) -> None:
        for i in range(start, start + count):
            make_training(self.network, days=i + 1, title_de=f"Kurs {i:03d}", status=Status.DRAFT)

    def titles(self, page: int = 1) -> list[str]:
        response = self.client.get(reverse("trainings:manage"), {"page": page})
        self.assertEqual(response.status_code, 200)
        return re.findall(r"Kurs \d{3}", response.content.decode())

    def test_all_trainings_in_pages_newest_first_drafts_included(self) -> None:
        self.add(PER_PAGE + 3)
        self.client.force_login(self.cora)
        first, second = self.titles(1), self.titles(2)
        self.assertEqual(len(first), PER_PAGE)
        self.assertEqual(first[0], f"Kurs {PER_PAGE + 2:03d}")  # the latest first session
        self.assertEqual(second, [f"Kurs {i:03d}" for i in (2, 1, 0)])
        self.assertEqual(set(first) | set(second), {f"Kurs {i:03d}" for i in range(PER_PAGE + 3)})
        response = self.client.get(reverse("trainings:manage"))
        self.assertContains(response, 'rel="next"')
        self.assertContains(response, "?page=2")
        self.assertEqual(self.titles(99), second)  # past the end: the last page, no error
        self.assertEqual(
            self.client.get(reverse("trainings:manage"), {"page": "x"}).status_code, 200
        )

    def test_queries_do_not_grow_with_the_trainings(self) -> None:
        self.client.force_login(self.cora)
        self.add(5)
        self.titles()  # per-process caches filled once

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.titles()
            return len(captured)

        few = queries()
        self.add(45, start=5)
        self.assertEqual(few, queries())

    def test_officers_partners_and_visitors_are_refused(self) -> None:
        self.add(1)
        for user in (self.alice, self.paula, self.emil):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("trainings:manage")).status_code, 403)
        self.client.logout()
        response = self.client.get(reverse("trainings:manage"))
        self.assertEqual(response.status_code, 302)
