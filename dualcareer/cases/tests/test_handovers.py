from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.cases import handovers
from dualcareer.cases.models import Case
from dualcareer.cases.selectors import activity_list, case_for_officer
from dualcareer.cases.services import activity_log
from dualcareer.cases.tests.helpers import CaseTestCase


class HandoverTests(CaseTestCase):
    def test_the_full_handover_needs_partner_and_receiver(self):
        activity_log(case=self.case, kind="talk", actor=self.alice, note="Alpha's note")
        handover = handovers.handover_request(
            case=self.case, actor=self.alice, to_institution=self.other_inst
        )
        with self.assertRaises(PermissionDenied):
            handovers.handover_receiver_decide(handover=handover, actor=self.charlie, accept=True)
        handovers.handover_partner_decide(handover=handover, actor=self.paula, agree=True)
        handovers.handover_receiver_decide(handover=handover, actor=self.charlie, accept=True)
        case = Case.objects.get(pk=self.case.pk)
        self.assertEqual(case.institution, self.other_inst)
        self.assertEqual(case_for_officer(user=self.charlie, public_id=case.public_id), case)
        self.assertFalse(activity_list(user=self.charlie, case=case).exists())

    def test_without_the_partners_consent_nothing_moves(self):
        handover = handovers.handover_request(
            case=self.case, actor=self.alice, to_institution=self.other_inst
        )
        handovers.handover_partner_decide(handover=handover, actor=self.paula, agree=False)
        with self.assertRaises(PermissionDenied):
            handovers.handover_receiver_decide(handover=handover, actor=self.charlie, accept=True)
        self.assertEqual(Case.objects.get(pk=self.case.pk).institution, self.inst)

    def test_only_the_receiving_institution_accepts(self):
        handover = handovers.handover_request(
            case=self.case, actor=self.alice, to_institution=self.other_inst
        )
        handovers.handover_partner_decide(handover=handover, actor=self.paula, agree=True)
        for user in (self.bob, self.cora, self.emil, self.paula):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                handovers.handover_receiver_decide(handover=handover, actor=user, accept=True)

    def test_outsiders_cannot_request_and_targets_must_be_members(self):
        with self.assertRaises(PermissionDenied):
            handovers.handover_request(
                case=self.case, actor=self.charlie, to_institution=self.other_inst
            )
        with self.assertRaises(ValidationError):
            handovers.handover_request(case=self.case, actor=self.alice, to_institution=self.inst)
        with self.assertRaises(ValidationError):  # no officer at the employer
            handovers.handover_request(
                case=self.case, actor=self.alice, to_institution=self.employer_inst
            )

    def test_another_partner_cannot_consent(self):
        from dualcareer.testing.factories import PartnerUserFactory

        handover = handovers.handover_request(
            case=self.case, actor=self.alice, to_institution=self.other_inst
        )
        with self.assertRaises(PermissionDenied):
            handovers.handover_partner_decide(
                handover=handover, actor=PartnerUserFactory(email="x@example.org"), agree=True
            )
