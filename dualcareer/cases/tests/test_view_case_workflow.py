"""Status, close, activity and invite endpoints of a case."""

from django.core import mail
from django.urls import reverse

from dualcareer.cases.models import Activity, Case
from dualcareer.cases.tests.helpers import CaseTestCase


class CaseWorkflowViewTests(CaseTestCase):
    def url(self, name, case=None):
        return reverse(f"cases:{name}", args=[(case or self.case).public_id])

    def test_intake_without_acknowledgement_shows_a_message(self):
        self.client.force_login(self.alice)
        response = self.client.post(self.url("status"), {"status": "intake"}, follow=True)
        self.assertContains(response, "Bitte dokumentieren Sie")
        self.assertEqual(Case.objects.get(pk=self.case.pk).status, "inquiry")

    def test_intake_with_acknowledgement(self):
        self.client.force_login(self.alice)
        self.client.post(self.url("status"), {"status": "intake", "acknowledged": "on"})
        self.assertEqual(Case.objects.get(pk=self.case.pk).status, "intake")

    def test_close_with_outcome(self):
        self.client.force_login(self.bob)
        response = self.client.post(self.url("close"), {"outcome": "job_elsewhere"})
        self.assertRedirects(response, self.url("detail"))
        self.assertEqual(Case.objects.get(pk=self.case.pk).outcome, "job_elsewhere")

    def test_close_without_outcome_is_a_form_error(self):
        self.client.force_login(self.bob)
        response = self.client.post(self.url("close"), {})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Case.objects.get(pk=self.case.pk).status, "inquiry")

    def test_log_activity(self):
        self.client.force_login(self.alice)
        self.client.post(
            self.url("activity_add"),
            {"kind": "coaching", "date": "2026-01-05", "duration_minutes": "90", "note": "ok"},
        )
        self.assertEqual(Activity.objects.get(case=self.case).duration_minutes, 90)

    def test_invite_sends_mail(self):
        case = self.open_case(partner_email="")
        self.client.force_login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                self.url("invite", case), {"email": "neu@example.org", "language": "en"}
            )
        self.assertEqual(mail.outbox[0].to, ["neu@example.org"])

    def test_outsiders_cannot_change_anything(self):
        posts = [
            ("status", {"status": "intake", "acknowledged": "on"}),
            ("close", {"outcome": "no_result"}),
            ("activity_add", {"kind": "talk", "date": "2026-01-05"}),
            ("invite", {"email": "x@example.org", "language": "de"}),
            ("erase", {"confirm": "on"}),
            ("edit", {"kind": "retention", "recruited_name": "X"}),
        ]
        for user in (self.charlie, self.cora, self.emil, self.paula):
            self.client.force_login(user)
            for name, data in posts:
                with self.subTest(user=user.email, endpoint=name):
                    self.assertEqual(self.client.post(self.url(name), data).status_code, 404)
        case = Case.objects.get(pk=self.case.pk)
        self.assertEqual((case.status, case.anonymised_at), ("inquiry", None))
        self.assertFalse(Activity.objects.exists())
