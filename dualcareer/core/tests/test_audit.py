"""The audit log: payload rules, same transaction as the change, lookup by target."""

from typing import Any

from django.db import transaction
from django.utils import timezone, translation

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


class AboutCaseTests(BaseTestCase):
    """Each entry records the case it is about: the audit pages show it only to its readers."""

    def setUp(self) -> None:
        from dualcareer.cases import services as case_services

        self.case = case_services.case_open(
            actor=self.alice, institution=self.inst, recruited_name="Prof. Dr. Eins"
        )
        self.other_case = case_services.case_open(
            actor=self.alice, institution=self.inst, recruited_name="Prof. Dr. Zwei"
        )

    def test_an_entry_on_the_case_is_about_it(self) -> None:
        entry = audit.log(self.case, "case.viewed", actor=self.alice)
        self.assertEqual(entry.about_case, self.case.public_id)
        entry.refresh_from_db()
        self.assertEqual(entry.about_case, self.case.public_id)

    def test_an_entry_on_a_record_of_the_case_is_about_the_case(self) -> None:
        import datetime as dt

        from dualcareer.exchange.models import (
            Introduction,
            NetworkRequest,
            NetworkRequestRecipient,
        )

        introduction = Introduction.objects.create(
            case=self.case, employer=self.other_inst, consent_scope="academic"
        )
        request = NetworkRequest.objects.create(
            case=self.other_case,
            message="x",
            expires_on=timezone.localdate() + dt.timedelta(days=30),
        )
        recipient = NetworkRequestRecipient.objects.create(
            request=request, institution=self.other_inst
        )
        # fresh from the database: the relations to the case are not loaded yet
        recipient = NetworkRequestRecipient.objects.get(pk=recipient.pk)
        for target, case in ((introduction, self.case), (recipient, self.other_case)):
            with self.subTest(target=type(target).__name__):
                entry = audit.log(target, "introduction.answered", actor=self.charlie)
                self.assertEqual(entry.about_case, case.public_id)

    def test_an_entry_whose_data_names_a_case_is_about_it(self) -> None:
        entry = audit.log(
            self.other_inst,
            "opening.interest_expressed",
            actor=self.charlie,
            data={"case": self.case.public_id},
        )
        self.assertEqual(entry.about_case, self.case.public_id)

    def test_data_that_names_no_case_id_is_about_a_case_nobody_reads(self) -> None:
        for value in (None, "dc-2026-0001"):
            with self.subTest(value=value):
                entry = audit.log(self.inst, "case.noted", actor=self.alice, data={"case": value})
                self.assertEqual(entry.about_case, audit.UNREADABLE_CASE)

    def test_an_entry_about_no_case_has_none(self) -> None:
        entry = audit.log(self.inst, "institution.updated", actor=self.alice, data={"n": 1})
        self.assertIsNone(entry.about_case)
        self.assertIsNone(audit.log(None, "system.started").about_case)

    def test_data_naming_another_case_than_the_targets_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            audit.log(
                self.case, "case.viewed", actor=self.alice, data={"case": self.other_case.public_id}
            )
        self.assertFalse(AuditEntry.objects.filter(action="case.viewed").exists())
        same = audit.log(
            self.case, "case.viewed", actor=self.alice, data={"case": self.case.public_id}
        )
        self.assertEqual(same.about_case, self.case.public_id)

    def test_an_unsaved_entry_for_bulk_writing_is_checked_and_about_its_case(self) -> None:
        entry = audit.new_entry(self.case, "opening.profile_viewed", actor=self.emil, data={"n": 1})
        self.assertIsNone(entry.pk)
        self.assertEqual(entry.about_case, self.case.public_id)
        self.assertEqual(entry.institution_id, self.inst.pk)
        with self.assertRaises(ValueError):
            audit.new_entry(self.case, "opening.profile_viewed", data={"name": "Erika Mustermann"})


class ActorLabelTests(BaseTestCase):
    """The display rule: people are named only to readers who know them."""

    def label(self, actor: Any, **facts: Any) -> str:
        params: dict[str, Any] = {
            "entry_institution_id": self.inst.pk,
            "reader_id": self.cora.pk,
            "colleague_ids": set(),
            "known_partner_ids": set(),
            "roles": (),
        }
        params.update(facts)
        with translation.override("en"):
            return audit.actor_label(actor, **params)

    def test_no_actor_is_shown_as_a_dash(self) -> None:
        self.assertEqual(self.label(None), audit.NO_ACTOR)

    def test_the_reader_and_colleagues_are_shown_by_name(self) -> None:
        self.assertEqual(self.label(self.cora), "Cora Test")
        self.assertEqual(self.label(self.alice, colleague_ids={self.alice.pk}), "Alice Test")

    def test_a_partner_is_shown_by_name_only_to_readers_who_may_read_the_case(self) -> None:
        self.assertEqual(self.label(self.paula), "Partner")
        self.assertEqual(self.label(self.paula, known_partner_ids={self.paula.pk}), "Paula Test")

    def test_a_partner_is_never_a_colleague_by_email(self) -> None:
        self.paula.first_name = self.paula.last_name = ""
        label = self.label(self.paula, colleague_ids={self.paula.pk})
        self.assertEqual(label, "Partner")

    def test_other_staff_are_shown_by_their_role_at_the_entrys_institution(self) -> None:
        roles = (
            audit.StaffRole(self.other_inst.pk, "Employer contact", "Universität Beta"),
            audit.StaffRole(self.inst.pk, "Dual Career officer", "Universität Alpha"),
        )
        self.assertEqual(
            self.label(self.alice, roles=roles), "Dual Career officer, Universität Alpha"
        )
        self.assertEqual(
            self.label(self.alice, roles=roles, entry_institution_id=None),
            "Employer contact, Universität Beta",
        )

    def test_staff_without_a_role_are_shown_by_initials(self) -> None:
        self.assertEqual(self.label(self.nobody), "N. T.")
        self.nobody.first_name = self.nobody.last_name = ""
        self.assertEqual(self.label(self.nobody), "Staff member")

    def test_no_label_shows_an_email_address_to_a_stranger(self) -> None:
        for actor in (self.alice, self.paula, self.nobody, self.emil):
            with self.subTest(actor=actor.email):
                self.assertNotIn("@", self.label(actor))
