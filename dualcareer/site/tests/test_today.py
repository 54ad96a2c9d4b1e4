"""The officers' "today" page: due steps, employers' answers and interest, incoming
network requests; each item marked handled per user; outsiders refused."""

import datetime as dt

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from dualcareer.cases.models import CaseTask
from dualcareer.core.models import AuditEntry
from dualcareer.exchange.models import EmployerInterest
from dualcareer.exchange.services import (
    introduction_answer,
    introduction_create,
    network_request_send,
)
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.site import selectors, services
from dualcareer.site.models import HandledItem
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase


class TodayTests(BaseTestCase):
    def setUp(self):
        f.ContactFactory(institution=self.employer_inst, email="dcs@employer.example.org")
        f.ContactFactory(institution=self.inst, email="dcs@alpha.example.org")
        self.case = make_case(self.inst, self.paula, scopes=("employers", "academic"))
        self.case.assigned_officers.add(self.alice)
        step = f"{self.case.reference}"
        self.assertTrue(step)
        self.opening = OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")
        self.introduction = introduction_create(
            user=self.alice, case=self.case, opening=self.opening
        )
        introduction_answer(user=self.emil, introduction=self.introduction, answer="interview")
        self.interest = EmployerInterest.objects.create(
            opening=OpeningFactory(institution=self.employer_inst, title_de="Analytik"),
            case=self.case,
            created_by=self.emil,
        )
        # A request of another member's case to alice's institution.
        foreign = make_case(self.other_inst, None, scopes=("academic",))
        request, _left = network_request_send(
            user=self.charlie, case=foreign, message="Physik", institutions=[self.inst]
        )
        self.recipient = request.recipients.get()
        from dualcareer.cases.services import _tasks_sync

        _tasks_sync(self.case)
        task = CaseTask.objects.filter(case=self.case).order_by("due_on").first()
        assert task is not None
        self.task = task
        CaseTask.objects.filter(pk=self.task.pk).update(
            due_on=timezone.localdate() - dt.timedelta(days=2)
        )
        self.url = reverse("site:today")

    def test_the_page_lists_every_kind_with_reference_and_partner_name(self):
        self.client.force_login(self.alice)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.case.reference)
        self.assertContains(response, "Petra Quellmalz")
        self.assertContains(response, "Beispiel GmbH")
        self.assertContains(response, "Analytik")
        self.assertContains(
            response,
            reverse("exchange:request_answer_signed_in", args=[self.recipient.public_id]),
        )
        self.assertIn(self.task, response.context["overdue"])
        # The foreign case's partner is never named to alice.
        self.assertNotContains(response, "Physik")

    def test_marking_handled_hides_the_item_for_this_user_only(self):
        services.today_item_mark(
            user=self.alice, kind="answer", item=str(self.introduction.public_id)
        )
        mine = selectors.today_for(user=self.alice)
        self.assertEqual(mine["answers"], [])
        self.assertEqual(mine["handled"], 1)
        self.assertEqual(len(selectors.today_for(user=self.bob)["answers"]), 1)
        shown = selectors.today_for(user=self.alice, show_handled=True)
        self.assertEqual(shown["answers"], [(self.introduction, True)])
        entry = AuditEntry.objects.get(action="today.item_handled")
        self.assertEqual(entry.actor, self.alice)
        services.today_item_mark(
            user=self.alice, kind="answer", item=str(self.introduction.public_id), handled=False
        )
        self.assertFalse(HandledItem.objects.exists())

    def test_marking_through_the_page(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("site:today_mark"),
            {"kind": "interest", "item": str(self.interest.pk), "handled": "on"},
        )
        self.assertRedirects(response, self.url)
        self.assertTrue(HandledItem.objects.filter(user=self.alice, kind="interest").exists())
        response = self.client.post(reverse("site:today_mark"), {"kind": "bogus", "item": "x"})
        self.assertRedirects(response, self.url)

    def test_a_task_is_done_from_the_page_and_audited(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("cases:task_done", args=[self.case.public_id, self.task.pk]),
            {"done": "1", "next": "today"},
        )
        self.assertRedirects(response, self.url)
        self.task.refresh_from_db()
        self.assertTrue(self.task.is_done)
        self.assertTrue(AuditEntry.objects.filter(action="case.task_done").exists())

    def test_nobody_marks_an_item_they_may_not_see(self):
        for kind, item in (
            ("answer", str(self.introduction.public_id)),
            ("interest", str(self.interest.pk)),
            ("request", str(self.recipient.public_id)),
        ):
            with self.assertRaises(Http404):
                services.today_item_mark(
                    user=self.emil if kind == "request" else self.charlie, kind=kind, item=item
                )
        self.client.force_login(self.charlie)
        response = self.client.post(
            reverse("site:today_mark"),
            {"kind": "answer", "item": str(self.introduction.public_id), "handled": "on"},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(HandledItem.objects.exists())

    def test_outsiders_are_refused(self):
        for user in (self.paula, self.nobody, self.cora):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            response = self.client.post(reverse("site:today_mark"), {"kind": "answer", "item": "x"})
            self.assertEqual(response.status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(self.url).status_code, 302)


class TodayForMembersContactsTests(BaseTestCase):
    def test_an_employer_contact_sees_requests_to_the_institution_but_no_case_links(self):
        f.ContactFactory(institution=self.employer_inst, email="dcs@employer.example.org")
        self.url = reverse("site:today")
        foreign = make_case(self.other_inst, None, scopes=("employers",))
        network_request_send(
            user=self.charlie, case=foreign, message="Chemie", institutions=[self.employer_inst]
        )
        self.client.force_login(self.emil)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.context["requests"]), 1)
        self.assertNotContains(response, reverse("cases:open"))
        self.assertNotContains(response, "Quellmalz")
