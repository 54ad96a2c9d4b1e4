from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.core.models import AuditEntry
from dualcareer.network.models import Contact
from dualcareer.network.services import contact_delete, contact_save
from dualcareer.network.tests.factories import make_contact
from dualcareer.testing.base import BaseTestCase


class ContactSaveTests(BaseTestCase):
    def test_a_new_dual_career_contact_replaces_the_previous_one(self):
        old = make_contact(institution=self.inst, is_dual_career_contact=True)
        new = contact_save(
            institution=self.inst,
            actor=self.alice,
            values={
                "name": "Neue Person",
                "email": "neu@example.org",
                "is_dual_career_contact": True,
            },
        )
        old.refresh_from_db()
        self.assertFalse(old.is_dual_career_contact)
        self.assertEqual(self.inst.dual_career_contact, new)
        self.assertTrue(AuditEntry.objects.filter(action="contact.created").exists())

    def test_it_refuses_an_officer_of_another_institution(self):
        with self.assertRaises(PermissionDenied):
            contact_save(institution=self.inst, actor=self.charlie, values={"name": "X"})
        self.assertFalse(Contact.objects.exists())

    def test_it_refuses_an_invalid_email(self):
        with self.assertRaises(ValidationError):
            contact_save(
                institution=self.inst, actor=self.alice, values={"name": "X", "email": "no"}
            )
        self.assertFalse(Contact.objects.exists())

    def test_it_refuses_a_contact_of_another_institution(self):
        contact = make_contact(institution=self.other_inst)
        with self.assertRaises(ValueError):
            contact_save(
                institution=self.inst, actor=self.alice, values={"name": "X"}, contact=contact
            )


class ContactDeleteTests(BaseTestCase):
    def test_the_officer_deletes_a_contact(self):
        contact = make_contact(institution=self.inst)
        contact_delete(contact=contact, actor=self.alice)
        self.assertFalse(Contact.objects.filter(pk=contact.pk).exists())
        self.assertTrue(AuditEntry.objects.filter(action="contact.deleted").exists())

    def test_it_refuses_an_outsider(self):
        contact = make_contact(institution=self.inst)
        with self.assertRaises(PermissionDenied):
            contact_delete(contact=contact, actor=self.charlie)
        self.assertTrue(Contact.objects.filter(pk=contact.pk).exists())
