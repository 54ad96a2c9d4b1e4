from django.core.exceptions import PermissionDenied

from dualcareer.cases.models import ProcessStep
from dualcareer.cases.selectors import steps_for_institution
from dualcareer.cases.services import process_step_add, process_step_deactivate
from dualcareer.cases.tests.helpers import CaseTestCase


class ProcessStepTests(CaseTestCase):
    def test_the_network_standard_applies_to_every_institution(self):
        codes = set(
            steps_for_institution(institution_id=self.inst.pk).values_list("code", flat=True)
        )
        self.assertEqual(
            codes,
            {
                "first_contact",
                "intake_talk",
                "consent",
                "profile_complete",
                "introductions",
                "follow_up",
                "closing_talk",
            },
        )

    def test_an_institution_adds_a_step_that_open_cases_receive(self):
        step = process_step_add(
            actor=self.alice,
            institution=self.inst,
            title_de="Welcome-Paket",
            title_en="Welcome package",
            due_days=14,
        )
        self.assertTrue(self.case.tasks.filter(step=step).exists())
        self.assertNotIn(step, steps_for_institution(institution_id=self.other_inst.pk))

    def test_the_network_steps_cannot_be_removed(self):
        standard = ProcessStep.objects.get(code="consent", institution=None)
        with self.assertRaises(PermissionDenied):
            process_step_deactivate(actor=self.alice, step=standard)
        self.assertTrue(ProcessStep.objects.get(pk=standard.pk).is_active)

    def test_outsiders_cannot_add_or_remove_steps(self):
        with self.assertRaises(PermissionDenied):
            process_step_add(
                actor=self.charlie, institution=self.inst, title_de="x", title_en="x", due_days=1
            )
        step = process_step_add(
            actor=self.alice, institution=self.inst, title_de="a", title_en="a", due_days=1
        )
        with self.assertRaises(PermissionDenied):
            process_step_deactivate(actor=self.charlie, step=step)
