"""Case pages at scale: the queries of a list page must not grow with its length (issue 18).

Each page is read with 5 and with 50 cases (or activities) behind it and
must ask the database the same number of times; `/cases/` is paginated.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dualcareer.cases.models import Case
from dualcareer.cases.tests.factories import ActivityFactory
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.cases.views.officer import CASES_PER_PAGE


class CaseQueryCountTests(CaseTestCase):
    def open_cases(self, count: int, **kwargs: Any) -> None:
        for i in range(count):
            case = self.open_case(
                partner_first_name=f"Pat{i}",
                partner_email=f"pat{i}@example.org",
                assigned_officers=[self.alice, self.bob],
                **kwargs,
            )
            ActivityFactory(case=case)

    def queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(captured)

    def assert_flat(self, url: str, user: Any, grow: Any) -> None:
        self.client.force_login(user)
        grow(5)
        self.queries(url)  # per-process caches (content types, permissions) filled once
        few = self.queries(url)
        grow(45)
        many = self.queries(url)
        self.assertEqual(few, many, f"{url}: {few} queries with 5 rows, {many} with 50")

    def test_officers_case_list(self):
        self.assert_flat(reverse("cases:list"), self.alice, self.open_cases)

    def test_officers_case_list_with_a_search(self):
        self.assert_flat(reverse("cases:list") + "?q=pat", self.alice, self.open_cases)

    def test_officers_dashboard(self):
        self.assert_flat(reverse("site:dashboard"), self.alice, self.open_cases)

    def test_coordinators_dashboard(self):
        self.assert_flat(reverse("site:dashboard"), self.cora, self.open_cases)

    def test_partners_case_page(self):
        def log(count: int) -> None:
            for _ in range(count):
                ActivityFactory(case=self.case)

        self.assert_flat(reverse("cases:my_case"), self.paula, log)

    def test_officers_case_page(self):
        def log(count: int) -> None:
            for _ in range(count):
                ActivityFactory(case=self.case)

        self.assert_flat(reverse("cases:detail", args=[self.case.public_id]), self.alice, log)


class CaseListPaginationTests(CaseTestCase):
    def test_pages_of_fifty_keep_the_search_and_status(self):
        for i in range(CASES_PER_PAGE + 4):
            self.open_case(partner_first_name=f"Pat{i}", partner_email=f"pat{i}@example.org")
        total = Case.objects.filter(institution=self.inst).count()
        self.client.force_login(self.alice)
        first = self.client.get(reverse("cases:list"))
        self.assertEqual(len(first.context["cases"]), CASES_PER_PAGE)
        second = self.client.get(reverse("cases:list") + "?page=2")
        self.assertEqual(len(second.context["cases"]), total - CASES_PER_PAGE)
        seen = {c.pk for c in first.context["cases"]} | {c.pk for c in second.context["cases"]}
        self.assertEqual(len(seen), total)
        searched = self.client.get(reverse("cases:list") + "?q=pat&status=inquiry")
        self.assertContains(searched, "q=pat&amp;status=inquiry&amp;page=2")
        self.assertEqual(searched.context["page"].paginator.count, total - 1)
        # a junk page number shows the last page, never an error
        self.assertEqual(self.client.get(reverse("cases:list") + "?page=999").status_code, 200)

    def test_outsider_sees_no_case_on_any_page(self):
        for i in range(3):
            self.open_case(partner_first_name=f"Pat{i}", partner_email=f"pat{i}@example.org")
        self.client.force_login(self.charlie)
        response = self.client.get(reverse("cases:list") + "?page=1")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["cases"]), [])
