"""The audit log page: coordinators read their network's, officers their institution's."""

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dualcareer.accounts.models import Role
from dualcareer.cases import services as case_services
from dualcareer.cases.models import Case
from dualcareer.core import audit
from dualcareer.exchange.models import Introduction
from dualcareer.network.models import Institution
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase


class AuditLogViewTests(BaseTestCase):
    url = "/audit/"
    stranger: Institution

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.stranger = f.InstitutionFactory(name="Fremde Hochschule")
        audit.log(cls.inst, "institution.updated", actor=cls.alice, data={"marker": "alpha"})
        audit.log(cls.other_inst, "institution.updated", actor=cls.charlie, data={"marker": "beta"})
        audit.log(cls.stranger, "institution.updated", data={"marker": "gamma"})

    def targets(self) -> set[str]:
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return {entry.data["marker"] for entry in response.context["entries"]}

    def test_coordinator_reads_the_entries_of_the_networks_members(self) -> None:
        self.client.force_login(self.cora)
        self.assertEqual(self.targets(), {"alpha", "beta"})

    def test_officer_reads_only_their_own_institutions_entries(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.targets(), {"alpha"})

    def test_employer_and_partner_read_nothing(self) -> None:
        for user in (self.emil, self.paula, self.nobody):
            self.client.force_login(user)
            with self.subTest(user=user.email):
                self.assertEqual(self.targets(), set())

    def test_anonymous_is_sent_to_login(self) -> None:
        response = self.client.get(self.url)
        self.assertRedirects(
            response, "/accounts/login/?next=/audit/", fetch_redirect_response=False
        )


class AuditLogCaseVisibilityTests(BaseTestCase):
    """Entries about a case follow the case's visibility; people named as the reader knows them."""

    case: Case
    confidential: Case

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = case_services.case_open(
            actor=cls.alice, institution=cls.inst, recruited_name="Prof. Dr. Offen"
        )
        cls.case.partner_user = cls.paula
        cls.case.save()
        audit.log(cls.case, "case.viewed", actor=cls.paula, data={"by": "partner"})
        cls.confidential = case_services.case_open(
            actor=cls.alice,
            institution=cls.inst,
            recruited_name="Prof. Dr. Vertraulich",
            confidential=True,
            assigned_officers=[cls.alice],
        )
        audit.log(cls.confidential, "case.viewed", actor=cls.alice)
        # The other institution dealt with the confidential case: declined a
        # handover, answered an introduction, expressed interest.
        audit.log(
            cls.confidential,
            "case.handover_decided",
            actor=cls.charlie,
            institution_id=cls.other_inst.pk,
            data={"accept": False},
        )
        introduction = Introduction.objects.create(
            case=cls.confidential, employer=cls.other_inst, consent_scope="academic"
        )
        audit.log(
            introduction,
            "introduction.answered",
            actor=cls.charlie,
            institution_id=cls.other_inst.pk,
            data={"answer": "no_fit"},
        )
        audit.log(
            cls.other_inst,
            "opening.interest_expressed",
            actor=cls.charlie,
            data={"case": cls.confidential.public_id},
        )
        audit.log(cls.other_inst, "institution.updated", actor=cls.charlie)
        # An entry of the case's own institution that names the case in its data.
        audit.log(
            cls.inst, "case.noted", actor=cls.alice, data={"case": cls.confidential.public_id}
        )

    def page(self, user: Any) -> Any:
        self.client.force_login(user)
        response = self.client.get("/audit/")
        self.assertEqual(response.status_code, 200)
        return response

    def confidential_entries(self, user: Any) -> list[str]:
        # (model, pk): a case and an introduction may have the same primary key
        about = {
            ("case", str(self.confidential.pk)),
            ("introduction", str(Introduction.objects.get(case=self.confidential).pk)),
        }
        return [
            entry.action
            for entry in self.page(user).context["entries"]
            if (entry.target_type and (entry.target_type.model, entry.target_id) in about)
            or entry.data.get("case") == str(self.confidential.public_id)
        ]

    def test_coordinator_sees_no_partner_email(self) -> None:
        response = self.page(self.cora)
        self.assertNotContains(response, "paula@example.org")
        self.assertNotContains(response, "Paula")

    def test_coordinator_sees_other_institutions_staff_by_role_and_institution(self) -> None:
        entries = self.page(self.cora).context["entries"]
        entry = next(e for e in entries if e.action == "institution.updated")
        with translation.override("de"):
            self.assertEqual(entry.actor_label, f"{Role.OFFICER.label}, Universität Beta")
        self.assertNotContains(self.page(self.cora), "charlie@example.org")

    def test_coordinator_reads_no_entries_about_cases(self) -> None:
        actions = [e.action for e in self.page(self.cora).context["entries"]]
        self.assertNotIn("case.opened", actions)
        self.assertNotIn("case.viewed", actions)

    def test_colleague_not_assigned_to_a_confidential_case_sees_none_of_its_entries(self) -> None:
        self.assertEqual(self.confidential_entries(self.bob), [])
        actions = [e.action for e in self.page(self.bob).context["entries"]]
        self.assertIn("case.viewed", actions)  # the open case's entries stay

    def test_assigned_officer_sees_the_confidential_cases_entries(self) -> None:
        self.assertEqual(
            sorted(self.confidential_entries(self.alice)),
            ["case.noted", "case.opened", "case.viewed"],
        )

    def test_officer_of_another_institution_sees_none_of_its_entries(self) -> None:
        self.assertEqual(self.confidential_entries(self.charlie), [])
        actions = [e.action for e in self.page(self.charlie).context["entries"]]
        self.assertEqual(actions, ["institution.updated"])

    def test_an_entry_on_a_deleted_record_of_a_case_stays_the_cases(self) -> None:
        introduction = Introduction.objects.get(case=self.confidential)
        audit.log(
            introduction, "introduction.withdrawn", actor=self.alice, institution_id=self.inst.pk
        )
        introduction.delete()
        self.assertIn("introduction.withdrawn", self.confidential_actions(self.alice))
        for reader in (self.bob, self.charlie, self.cora):
            with self.subTest(reader=reader.email):
                actions = [e.action for e in self.page(reader).context["entries"]]
                self.assertNotIn("introduction.withdrawn", actions)

    def confidential_actions(self, user: Any) -> list[str]:
        return [
            entry.action
            for entry in self.page(user).context["entries"]
            if entry.about_case == self.confidential.public_id
        ]

    def test_officer_sees_colleagues_and_the_partner_of_a_visible_case_by_name(self) -> None:
        audit.log(self.inst, "institution.updated", actor=self.bob)
        labels = {(e.action, e.actor_label) for e in self.page(self.alice).context["entries"]}
        self.assertIn(("case.viewed", "Paula Test"), labels)
        self.assertIn(("institution.updated", "Bob Test"), labels)
        self.assertNotContains(self.page(self.alice), "paula@example.org")

    def test_the_number_of_queries_does_not_grow_with_the_number_of_entries(self) -> None:
        self.page(self.alice)  # warm caches (content types, session)
        with CaptureQueriesContext(connection) as few:
            self.page(self.alice)
        for number in range(15):
            audit.log(self.inst, "institution.updated", actor=self.bob, data={"n": number})
            audit.log(self.case, "case.viewed", actor=self.paula, data={"by": "partner"})
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.page(self.alice)
        self.assertGreater(len(response.context["entries"]), 30)
