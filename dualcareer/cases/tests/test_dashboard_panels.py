import datetime as dt

from django.urls import reverse
from django.utils import timezone

from dualcareer.cases.tests.helpers import CaseTestCase


class DashboardPanelTests(CaseTestCase):
    def test_officer_sees_overdue_tasks(self):
        old = self.open_case(opened_on=timezone.localdate() - dt.timedelta(days=30))
        self.client.force_login(self.alice)
        response = self.client.get("/en/dashboard/")
        self.assertContains(response, "Cases: due tasks")
        self.assertContains(response, old.reference)

    def test_outsider_officer_does_not_see_them(self):
        old = self.open_case(opened_on=timezone.localdate() - dt.timedelta(days=30))
        self.client.force_login(self.charlie)
        self.assertNotContains(self.client.get(reverse("site:dashboard")), old.reference)

    def test_partner_sees_own_case_and_coordinator_only_counts(self):
        self.client.force_login(self.paula)
        self.assertContains(self.client.get("/en/dashboard/"), "My case")
        self.client.force_login(self.cora)
        response = self.client.get("/en/dashboard/")
        self.assertContains(response, "Cases in the network (anonymised)")
        self.assertNotContains(response, self.case.reference)
