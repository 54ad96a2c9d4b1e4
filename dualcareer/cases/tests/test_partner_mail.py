"""The partner's officers as contacts, and e-mail to the partner signed by them."""

from django.core import mail

from dualcareer.cases.partner_mail import case_contacts, mail_partner, reply_to_of
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.testing.factories import ContactFactory


class CaseContactsTests(CaseTestCase):
    def test_assigned_officer_with_phone_from_own_contact_entry(self):
        ContactFactory(institution=self.inst, email="ALICE@example.org", phone="+49 234 1")
        ContactFactory(institution=self.inst, email="dcs@example.org", phone="+49 234 9")
        contacts = case_contacts(case=self.case)
        self.assertEqual(
            [(c.email, c.phone) for c in contacts], [("alice@example.org", "+49 234 1")]
        )
        self.assertEqual(contacts[0].institution, "Universität Alpha")

    def test_phone_falls_back_to_the_institutions_dual_career_contact(self):
        ContactFactory(institution=self.inst, email="dcs@example.org", phone="+49 234 9")
        self.assertEqual(case_contacts(case=self.case)[0].phone, "+49 234 9")

    def test_without_assigned_officer_the_institution_contact_signs(self):
        self.case.assigned_officers.clear()
        ContactFactory(institution=self.inst, name="DCS Alpha", email="dcs@example.org")
        contacts = case_contacts(case=self.case)
        self.assertEqual([c.name for c in contacts], ["DCS Alpha"])

    def test_inactive_officers_and_other_institutions_contacts_are_left_out(self):
        self.alice.is_active = False
        self.alice.save()
        ContactFactory(institution=self.other_inst, email="x@example.org", phone="+49 1")
        self.assertEqual(case_contacts(case=self.case), [])

    def test_reply_to_keeps_to_the_field_length(self):
        contacts = case_contacts(case=self.case) * 2
        self.assertEqual(reply_to_of(contacts), "alice@example.org")


class MailPartnerTests(CaseTestCase):
    def test_signed_by_the_officer_in_the_partners_language_with_reply_to(self):
        self.paula.language = "en"
        self.paula.save()
        ContactFactory(institution=self.inst, email="alice@example.org", phone="+49 234 1")
        with self.captureOnCommitCallbacks(execute=True):
            sent = mail_partner(case=self.case, template="cases/mail/handover_consent")
        self.assertTrue(sent)
        message = mail.outbox[-1]
        self.assertEqual(message.to, ["paula@example.org"])
        self.assertEqual(message.reply_to, ["alice@example.org"])
        self.assertIn("handover", message.subject.lower())
        self.assertIn("Alice", message.body)
        self.assertIn("alice@example.org", message.body)
        self.assertIn("+49 234 1", message.body)
        self.assertNotIn("Your Dual Career Service\n", message.body)
        self.assertIn("/en/cases/my/", message.body)

    def test_no_mail_without_an_active_partner_account(self):
        self.case.partner_user = None
        self.case.save()
        with self.captureOnCommitCallbacks(execute=True):
            self.assertFalse(mail_partner(case=self.case, template="cases/mail/case_closed"))
        self.assertEqual(mail.outbox, [])
