from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from dualcareer.cases.models import Activity
from dualcareer.core.models import AuditEntry
from dualcareer.exchange.models import SELECTION_NOTICE, Introduction
from dualcareer.exchange.services import introduction_create
from dualcareer.network.models import Sector
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase


class IntroductionCreateTests(BaseTestCase):
    def setUp(self):
        self.opening = OpeningFactory(institution=self.employer_inst)

    def test_officer_introduces_partner_when_consent_covers_employers(self):
        case = make_case(self.inst, self.paula, scopes=("employers",))
        introduction = introduction_create(user=self.alice, case=case, opening=self.opening)
        self.assertEqual(introduction.employer, self.employer_inst)
        self.assertEqual(introduction.consent_scope, "employers")
        self.assertEqual(introduction.selection_notice, SELECTION_NOTICE)
        self.assertIn("selection procedure decides", introduction.selection_notice)

    @override_settings(EMAIL_BACKEND="dualcareer.testing.mail.FailingEmailBackend")
    def test_a_mail_outage_keeps_the_introduction_and_raises_nothing(self):
        case = make_case(self.inst, self.paula, scopes=("employers",))
        with self.assertLogs("dualcareer.core.mail", level="ERROR"):
            introduction = introduction_create(user=self.alice, case=case, opening=self.opening)
        self.assertTrue(Introduction.objects.filter(pk=introduction.pk).exists())
        self.assertTrue(AuditEntry.objects.filter(action="introduction.created").exists())

    def test_it_is_refused_without_matching_consent(self):
        # Consent for academic members does not cover a company.
        case = make_case(self.inst, self.paula, scopes=("academic", "institution"))
        with self.assertRaises(ValidationError) as raised:
            introduction_create(user=self.alice, case=case, opening=self.opening)
        self.assertIn("employer", raised.exception.message_dict)
        self.assertFalse(Introduction.objects.exists())
        self.assertEqual(len(mail.outbox), 0)

    def test_academic_employer_needs_academic_consent(self):
        f.InstitutionRoleFactory(user=f.UserFactory(), institution=self.other_inst, role="employer")
        case = make_case(self.inst, self.paula, scopes=("employers",))
        with self.assertRaises(ValidationError):
            introduction_create(user=self.alice, case=case, employer=self.other_inst)
        make_case(self.inst, self.paula, scopes=("academic",))
        case2 = make_case(self.inst, self.paula, scopes=("academic",))
        self.assertEqual(self.other_inst.sector, Sector.UNIVERSITY)
        introduction = introduction_create(user=self.alice, case=case2, employer=self.other_inst)
        self.assertEqual(introduction.consent_scope, "academic")

    def test_own_institution_needs_institution_consent(self):
        f.InstitutionRoleFactory(user=f.UserFactory(), institution=self.inst, role="employer")
        case = make_case(self.inst, self.paula, scopes=("academic", "employers"))
        with self.assertRaises(ValidationError):
            introduction_create(user=self.alice, case=case, employer=self.inst)

    def test_it_refuses_an_officer_of_another_institution(self):
        case = make_case(self.inst, self.paula, scopes=("employers",))
        for outsider in (self.charlie, self.emil, self.paula, self.nobody):
            with self.assertRaises(PermissionDenied):
                introduction_create(user=outsider, case=case, opening=self.opening)

    def test_it_mails_the_employer_contact_in_their_language_without_personal_data(self):
        self.emil.language = "en"
        self.emil.save()
        case = make_case(self.inst, self.paula, scopes=("employers",))
        introduction_create(user=self.alice, case=case, opening=self.opening)
        # The partner is told too (test_partner_notices); here: the employer's e-mail.
        to_employer = [m for m in mail.outbox if m.to != ["paula@example.org"]]
        self.assertEqual(len(to_employer), 1)
        message = to_employer[0]
        self.assertEqual(message.to, ["emil@example.org"])
        self.assertIn("introduces a partner", message.subject)
        for secret in ("Petra", "Quellmalz", "petra.quellmalz", "Berufen"):
            self.assertNotIn(secret, message.body)

    def test_it_logs_on_the_case_and_audits_without_free_text(self):
        case = make_case(self.inst, self.paula, scopes=("employers",))
        introduction_create(user=self.alice, case=case, opening=self.opening, message="Top fit")
        entry = AuditEntry.objects.get(action="introduction.created")
        self.assertEqual(entry.data["scope"], "employers")
        self.assertNotIn("Top fit", str(entry.data))
        self.assertTrue(Activity.objects.filter(case=case, kind="introduction").exists())

    def test_a_second_introduction_for_the_same_opening_is_refused(self):
        case = make_case(self.inst, self.paula, scopes=("employers",))
        introduction_create(user=self.alice, case=case, opening=self.opening)
        with self.assertRaises(ValidationError):
            introduction_create(user=self.bob, case=case, opening=self.opening)

    def test_employer_without_platform_contact_is_refused(self):
        company = f.InstitutionFactory(sector=Sector.COMPANY)
        f.NetworkMembershipFactory(network=self.network, institution=company)
        case = make_case(self.inst, self.paula, scopes=("employers",))
        with self.assertRaises(ValidationError):
            introduction_create(user=self.alice, case=case, employer=company)

    def test_employer_outside_the_network_is_refused(self):
        company = f.InstitutionFactory(sector=Sector.COMPANY)
        f.InstitutionRoleFactory(institution=company, role="employer")
        case = make_case(self.inst, self.paula, scopes=("employers",))
        with self.assertRaises(ValidationError):
            introduction_create(user=self.alice, case=case, employer=company)
