"""The audit log: payload rules, same transaction as the change, lookup by target."""

from django.db import transaction

from dualcareer.core import audit
from dualcareer.core.models import AuditEntry
from dualcareer.testing.base import BaseTestCase


class AuditLogTests(BaseTestCase):
    def test_it_records_actor_action_target_and_institution(self) -> None:
        entry = audit.log(self.inst, "institution.updated", actor=self.alice, data={"fields": 3})
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(entry.action, "institution.updated")
        self.assertEqual(entry.target_id, str(self.inst.pk))
        self.assertEqual(entry.institution_id, self.inst.pk)
        self.assertEqual(entry.data, {"fields": 3})

    def test_institution_is_taken_from_the_target(self) -> None:
        from dualcareer.testing.factories import ContactFactory

        contact = ContactFactory(institution=self.other_inst)
        entry = audit.log(contact, "contact.created", actor=self.charlie)
        self.assertEqual(entry.institution_id, self.other_inst.pk)

    def test_free_text_in_the_payload_is_refused(self) -> None:
        for bad in (
            {"name": "Erika Mustermann"},
            {"note": "moves to Bochum in May"},
            {"Name": "x"},
            {"nested": {"a": 1}},
        ):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                audit.log(self.inst, "institution.updated", actor=self.alice, data=bad)
        self.assertFalse(AuditEntry.objects.exists())

    def test_codes_numbers_dates_and_lists_of_codes_are_accepted(self) -> None:
        import datetime as dt
        import uuid

        value = uuid.uuid4()
        entry = audit.log(
            self.inst,
            "case.closed",
            actor=self.alice,
            data={
                "outcome": "job_found_network",
                "days": 42,
                "on": dt.date(2026, 1, 2),
                "scopes": ["academic", "employers"],
                "ref": value,
                "ok": True,
            },
        )
        self.assertEqual(entry.data["on"], "2026-01-02")
        self.assertEqual(entry.data["ref"], str(value))

    def test_action_names_must_be_noun_dot_verb(self) -> None:
        with self.assertRaises(ValueError):
            audit.log(self.inst, "Updated institution", actor=self.alice)

    def test_entry_is_rolled_back_with_the_change(self) -> None:
        try:
            with transaction.atomic():
                self.inst.city = "Herne"
                self.inst.save()
                audit.log(self.inst, "institution.updated", actor=self.alice)
                raise RuntimeError("the change fails after the entry")
        except RuntimeError:
            pass
        self.inst.refresh_from_db()
        self.assertEqual(self.inst.city, "Bochum")
        self.assertFalse(AuditEntry.objects.filter(action="institution.updated").exists())

    def test_entries_for_returns_only_that_targets_entries(self) -> None:
        audit.log(self.inst, "institution.updated", actor=self.alice)
        audit.log(self.other_inst, "institution.updated", actor=self.charlie)
        self.assertEqual([e.actor for e in audit.entries_for(self.inst)], [self.alice])

    def test_anonymous_actor_is_stored_as_none(self) -> None:
        from django.contrib.auth.models import AnonymousUser

        entry = audit.log(self.inst, "application.submitted", actor=AnonymousUser())
        self.assertIsNone(entry.actor)
