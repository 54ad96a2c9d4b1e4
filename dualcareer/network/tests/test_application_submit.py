from django.core import mail
from django.core.exceptions import ValidationError

from dualcareer.core.models import AuditEntry
from dualcareer.network.models import Application
from dualcareer.network.services import ApplicationInput, application_submit
from dualcareer.network.tests.factories import ApplicationFactory
from dualcareer.testing.base import BaseTestCase


def make_input(**overrides):
    values = {
        "kind": Application.Kind.JOIN,
        "organisation_name": "Neue Forschung gGmbH",
        "sector": "research_institute",
        "postcode": "44801",
        "city": "Bochum",
        "contact_name": "Dana Demo",
        "contact_email": "Dana@Example.org",
        "contact_language": "en",
        "accepts_standards": True,
        "counselling_languages": ["de", "en"],
    }
    values.update(overrides)
    return ApplicationInput(**values)


class ApplicationSubmitTests(BaseTestCase):
    def test_it_stores_the_application_as_submitted(self):
        application = application_submit(network=self.network, data=make_input())
        assert application is not None
        self.assertEqual(application.status, Application.Status.SUBMITTED)
        self.assertEqual(application.contact_email, "dana@example.org")
        self.assertEqual(application.name_key, "neueforschungggmbh")

    def test_it_mails_the_applicant_and_the_coordinator_in_their_languages(self):
        with self.captureOnCommitCallbacks(execute=True):
            application_submit(network=self.network, data=make_input())
        recipients = {message.to[0]: message.subject for message in mail.outbox}
        self.assertIn("Your application", recipients["dana@example.org"])
        self.assertIn("Neuer Antrag", recipients["cora@example.org"])

    def test_it_writes_an_audit_entry_without_personal_data(self):
        application = application_submit(network=self.network, data=make_input())
        assert application is not None
        entry = AuditEntry.objects.get(action="application.submitted")
        self.assertEqual(entry.target_id, str(application.pk))
        self.assertNotIn("Dana", str(entry.data))
        self.assertEqual(entry.institution_id, self.coord_inst.pk)

    def test_it_refuses_a_second_open_application_of_the_same_organisation(self):
        ApplicationFactory.create(network=self.network, organisation_name="Neue Forschung gGmbH")
        with self.assertRaises(ValidationError) as caught:
            application_submit(
                network=self.network,
                data=make_input(organisation_name="neue  forschung GGMBH", contact_email="x@y.de"),
            )
        self.assertIn("organisation_name", caught.exception.error_dict)
        self.assertEqual(Application.objects.count(), 1)

    def test_it_refuses_an_organisation_that_is_already_a_member(self):
        with self.assertRaises(ValidationError) as caught:
            application_submit(
                network=self.network, data=make_input(organisation_name="Universität Alpha")
            )
        self.assertIn("organisation_name", caught.exception.error_dict)

    def test_it_refuses_an_unknown_postcode(self):
        with self.assertRaises(ValidationError) as caught:
            application_submit(network=self.network, data=make_input(postcode="00000"))
        self.assertIn("postcode", caught.exception.error_dict)
        self.assertFalse(Application.objects.exists())

    def test_it_refuses_html_in_text_fields(self):
        with self.assertRaises(ValidationError) as caught:
            application_submit(
                network=self.network,
                data=make_input(description="<script>alert(1)</script>", city="<b>Bochum</b>"),
            )
        self.assertEqual(set(caught.exception.error_dict), {"description", "city"})
        self.assertFalse(Application.objects.exists())

    def test_it_refuses_without_the_declaration(self):
        with self.assertRaises(ValidationError) as caught:
            application_submit(network=self.network, data=make_input(accepts_standards=False))
        self.assertIn("accepts_standards", caught.exception.error_dict)

    def test_it_refuses_oversized_text(self):
        with self.assertRaises(ValidationError) as caught:
            application_submit(network=self.network, data=make_input(description="x" * 2001))
        self.assertIn("description", caught.exception.error_dict)

    def test_it_refuses_to_sign_when_the_network_has_no_statement(self):
        with self.assertRaises(ValidationError) as caught:
            application_submit(network=self.network, data=make_input(kind=Application.Kind.SIGN))
        self.assertIn("kind", caught.exception.error_dict)


class ApplicationSubmitFromAnAddressWithAnOpenApplicationTests(BaseTestCase):
    def setUp(self):
        self.pending = ApplicationFactory.create(
            network=self.network,
            organisation_name="Erste Organisation",
            contact_email="dana@example.org",
            contact_language="de",
        )

    def test_nothing_is_stored_no_error_is_raised_and_the_owner_is_told(self):
        with self.captureOnCommitCallbacks(execute=True):
            result = application_submit(
                network=self.network, data=make_input(contact_email="DANA@example.org")
            )
        self.assertIsNone(result)
        self.assertEqual(Application.objects.count(), 1)
        self.assertEqual([m.to for m in mail.outbox], [["dana@example.org"]])
        self.assertIn("wird bereits geprüft", mail.outbox[0].subject)
        self.assertIn("Erste Organisation", mail.outbox[0].body)
        entry = AuditEntry.objects.get(action="application.resubmission_refused")
        self.assertEqual(entry.target_id, str(self.pending.pk))

    def test_an_address_whose_application_was_decided_may_apply_again(self):
        self.pending.status = Application.Status.DECLINED
        self.pending.save()
        self.assertIsNotNone(application_submit(network=self.network, data=make_input()))
