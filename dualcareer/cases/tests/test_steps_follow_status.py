"""Status and process steps follow each other: intake ticks the intake steps, closing
marks the open ones "not needed", reopening opens those again."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from dualcareer.cases import services
from dualcareer.cases.models import CaseStatus, CaseTask
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.core.models import AuditEntry


class StepsFollowStatusTests(CaseTestCase):
    def states(self):
        return {
            task.step.code: (task.is_done, task.not_needed)
            for task in CaseTask.objects.filter(case=self.case).select_related("step")
        }

    def test_starting_the_intake_ticks_the_intake_steps(self):
        services.case_status_set(
            case=self.case, actor=self.alice, status=CaseStatus.INTAKE, acknowledged=True
        )
        states = self.states()
        self.assertEqual(states["first_contact"], (True, False))
        self.assertEqual(states["intake_talk"], (True, False))
        self.assertEqual(states["profile_complete"], (False, False))
        entry = AuditEntry.objects.filter(action="case.status_changed").latest("id")
        self.assertEqual(entry.data["steps_done"], 2)

    def test_closing_marks_the_open_steps_not_needed_and_reopening_opens_them(self):
        services.case_status_set(
            case=self.case, actor=self.alice, status=CaseStatus.INTAKE, acknowledged=True
        )
        services.case_close(case=self.case, actor=self.alice, outcome="no_result")
        states = self.states()
        self.assertEqual(states["first_contact"], (True, False))
        self.assertEqual(states["closing_talk"], (True, True))
        self.assertFalse(CaseTask.objects.filter(case=self.case, done_at__isnull=True).exists())
        services.case_reopen(case=self.case, actor=self.alice)
        states = self.states()
        self.assertEqual(states["first_contact"], (True, False))
        self.assertEqual(states["closing_talk"], (False, False))

    def test_the_closed_case_page_says_not_needed_and_offers_no_step_buttons(self):
        services.case_close(case=self.case, actor=self.alice, outcome="no_result")
        self.client.force_login(self.alice)
        response = self.client.get(reverse("cases:detail", args=[self.case.public_id]))
        self.assertContains(response, 'class="task-not-needed"', count=7)
        self.assertNotContains(response, "/tasks/")
        task = CaseTask.objects.filter(case=self.case).first()
        assert task is not None
        response = self.client.post(
            reverse("cases:task_done", args=[self.case.public_id, task.pk]), {"done": "0"}
        )
        task.refresh_from_db()
        self.assertTrue(task.is_done)

    def test_closing_needs_no_confirmation_without_open_items(self):
        # Nothing is open in other apps: no ValidationError on "confirm".
        try:
            services.case_close(case=self.case, actor=self.alice, outcome="no_result")
        except ValidationError as error:  # pragma: no cover - the failure message
            self.fail(str(error))


class AcknowledgementErrorAtTheFieldTests(CaseTestCase):
    def test_the_error_is_shown_at_the_checkbox_not_only_as_a_flash(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("cases:status", args=[self.case.public_id]), {"status": "intake"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("acknowledged", response.context["status_form"].errors)
        self.assertContains(response, 'id="id_acknowledged_error"')
        self.assertContains(response, 'class="field field-check field-invalid"')
        self.assertEqual(response.context["case"].status, "inquiry")


class CheckboxRenderingTests(CaseTestCase):
    def test_the_confidential_help_text_is_rendered_and_referenced(self):
        self.client.force_login(self.alice)
        for url in (reverse("cases:open"), reverse("cases:edit", args=[self.case.public_id])):
            response = self.client.get(url)
            self.assertContains(response, 'id="id_confidential_helptext"')
            self.assertContains(response, 'aria-describedby="id_confidential_helptext"')
            self.assertContains(response, '<label for="id_confidential">')
