from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.cases.models import Case, CaseStatus, CaseTask, PartnerProfile
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.core.audit import entries_for


class CaseOpenTests(CaseTestCase):
    def test_it_opens_a_case_with_profile_and_tasks(self):
        case = self.open_case(recruited_name="Dr. Neu", kind="retention")
        self.assertEqual(case.status, CaseStatus.INQUIRY)
        self.assertEqual(case.kind, "retention")
        self.assertEqual(PartnerProfile.objects.get(case=case).first_name, "Paula")
        codes = set(CaseTask.objects.filter(case=case).values_list("step__code", flat=True))
        self.assertTrue({"first_contact", "intake_talk", "consent", "closing_talk"} <= codes)

    def test_the_opening_officer_is_assigned(self):
        case = self.open_case(assigned_officers=[self.bob])
        self.assertEqual(set(case.assigned_officers.all()), {self.alice, self.bob})

    def test_it_refuses_officer_of_other_institution(self):
        with self.assertRaises(PermissionDenied):
            self.open_case(actor=self.charlie)

    def test_it_refuses_coordinator_employer_and_partner(self):
        for user in (self.cora, self.emil, self.paula, self.nobody):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                self.open_case(actor=user)

    def test_it_refuses_assigning_an_officer_of_another_institution(self):
        before = Case.objects.count()
        with self.assertRaises(ValidationError) as ctx:
            self.open_case(assigned_officers=[self.charlie])
        self.assertIn("assigned_officers", ctx.exception.message_dict)
        self.assertEqual(Case.objects.count(), before)

    def test_it_requires_the_recruited_persons_name(self):
        with self.assertRaises(ValidationError):
            self.open_case(recruited_name="  ")

    def test_it_writes_an_audit_entry_without_names(self):
        case = self.open_case(recruited_name="Prof. Dr. Geheim")
        entry = entries_for(case).get(action="case.opened")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(entry.institution, self.inst)
        self.assertNotIn("Geheim", str(entry.data))

    def test_public_ids_are_random_uuids(self):
        other = self.open_case()
        self.assertNotEqual(self.case.public_id, other.public_id)
        self.assertEqual(self.case.public_id.version, 4)
