"""The audit log page for people: readable actions, case references, filters, pages, no N+1."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from dualcareer.cases import services as case_services
from dualcareer.cases.models import Case
from dualcareer.core import audit
from dualcareer.core.models import AuditEntry
from dualcareer.exchange.models import Introduction
from dualcareer.site import audit_page
from dualcareer.testing.base import BaseTestCase

URL = "/en/audit/"


class AuditLogPageTests(BaseTestCase):
    case: Case

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = case_services.case_open(
            actor=cls.alice, institution=cls.inst, recruited_name="Prof. Dr. Offen"
        )
        introduction = Introduction.objects.create(
            case=cls.case, employer=cls.employer_inst, consent_scope="employers"
        )
        audit.log(
            introduction,
            "introduction.answered",
            actor=cls.emil,
            institution_id=cls.inst.pk,
            data={"answer": "no_fit"},
        )
        audit.log(
            cls.inst,
            "opening.interest_expressed",
            actor=cls.emil,
            data={"case": cls.case.public_id},
        )
        audit.log(cls.inst, "institution.updated", actor=cls.bob)

    def get(self, user: Any, **query: Any) -> Any:
        self.client.force_login(user)
        return self.client.get(URL, query)

    def test_actions_are_named_in_the_readers_language(self) -> None:
        self.assertContains(self.get(self.alice), "Introduction answered")
        self.client.force_login(self.alice)
        self.assertContains(self.client.get("/audit/"), "Vorstellung beantwortet")

    def test_records_are_named_by_case_reference_not_database_id(self) -> None:
        response = self.get(self.alice)
        records = {entry.action: entry.record for entry in response.context["entries"]}
        self.assertEqual(records["case.opened"], self.case.reference)
        self.assertEqual(records["introduction.answered"], self.case.reference)
        self.assertEqual(records["opening.interest_expressed"], "Universität Alpha")
        self.assertEqual(records["institution.updated"], "Universität Alpha")
        self.assertContains(response, self.case.reference)
        self.assertNotContains(response, f'record-id">{self.case.pk}<')

    def test_filter_by_action(self) -> None:
        response = self.get(self.alice, action="institution.updated")
        self.assertEqual([e.action for e in response.context["entries"]], ["institution.updated"])

    def test_filter_by_person(self) -> None:
        response = self.get(self.alice, person=self.bob.pk)
        self.assertEqual({e.actor_id for e in response.context["entries"]}, {self.bob.pk})

    def test_the_person_filter_offers_only_colleagues(self) -> None:
        choices = dict(self.get(self.alice).context["form"].fields["person"].choices)
        self.assertIn(self.bob.pk, choices)
        self.assertNotIn(self.emil.pk, choices)
        self.assertNotIn(self.charlie.pk, choices)
        response = self.get(self.alice, person=self.charlie.pk)
        self.assertEqual(response.status_code, 400)

    def test_filter_by_period(self) -> None:
        old = timezone.now() - dt.timedelta(days=40)
        AuditEntry.objects.filter(action="institution.updated").update(created_at=old)
        since = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
        actions = [e.action for e in self.get(self.alice, date_from=since).context["entries"]]
        self.assertNotIn("institution.updated", actions)
        self.assertIn("case.opened", actions)
        until = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
        actions = [e.action for e in self.get(self.alice, date_to=until).context["entries"]]
        self.assertEqual(actions, ["institution.updated"])

    def test_a_bad_filter_is_a_form_error(self) -> None:
        response = self.get(self.alice, date_from="2026-13-01", action="drop.table")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "error-summary", status_code=400)

    def test_pages(self) -> None:
        for number in range(audit_page.PAGE_SIZE + 5):
            audit.log(self.inst, "institution.updated", actor=self.alice, data={"n": number})
        first = self.get(self.alice, action="institution.updated")
        self.assertEqual(len(first.context["entries"]), audit_page.PAGE_SIZE)
        self.assertContains(first, "page=2")
        second = self.get(self.alice, action="institution.updated", page=2)
        self.assertEqual(len(second.context["entries"]), 6)

    def test_beyond_the_cap_the_page_says_more_than_and_the_newest_stay_reachable(self) -> None:
        for number in range(12):
            audit.log(self.inst, "institution.updated", actor=self.alice, data={"n": number})
        with (
            mock.patch.object(audit_page, "COUNT_CAP", 8),
            mock.patch.object(audit_page, "PAGE_SIZE", 3),
        ):
            first = self.get(self.alice)
            self.assertContains(first, "More than 8 entries")
            self.assertContains(first, "Page 1<")  # no "of N": the number of pages is unknown
            self.assertNotContains(first, "Page 1 of")
            last = self.get(self.alice, page=3)
            self.assertEqual([e.data["n"] for e in last.context["entries"]], [5, 4, 3])
            # a filter that narrows the list below the cap counts it again
            narrowed = self.get(self.alice, action="case.opened")
            self.assertContains(narrowed, "1 entry.")
            self.client.force_login(self.alice)
            german = self.client.get("/audit/")
            self.assertContains(german, "Mehr als 8 Einträge")

    def test_the_period_is_labelled_from_and_until_in_german(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get("/audit/")
        self.assertContains(response, '<label for="id_date_from">Von:</label>', html=True)
        self.assertContains(response, '<label for="id_date_to">Bis:</label>', html=True)

    def test_outsiders_read_no_entry(self) -> None:
        for user in (self.charlie, self.emil, self.paula):
            entries = self.get(user).context["entries"]
            self.assertNotIn("introduction.answered", [e.action for e in entries])

    def queries_with(self, count: int) -> int:
        AuditEntry.objects.all().delete()
        for number in range(count):
            audit.log(self.case, "case.viewed", actor=self.bob, data={"n": number})
            audit.log(self.inst, "institution.updated", actor=self.emil, data={"n": number})
        self.get(self.alice)  # warm caches (content types, session)
        with CaptureQueriesContext(connection) as captured:
            response = self.get(self.alice)
        self.assertEqual(len(response.context["entries"]), min(2 * count, audit_page.PAGE_SIZE))
        return len(captured.captured_queries)

    def test_the_number_of_queries_does_not_grow_with_the_number_of_entries(self) -> None:
        with translation.override("en"):
            self.assertEqual(self.queries_with(5), self.queries_with(50))
