"""API v1 case writes: POST /cases/ and PATCH /cases/{id}/, the pages' forms and services."""

from typing import Any

from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from dualcareer.api import tokens
from dualcareer.cases import services
from dualcareer.cases.models import Case
from dualcareer.core import locking
from dualcareer.core.models import AuditEntry
from dualcareer.openings.tests.factories import make_case
from dualcareer.testing.base import BaseTestCase

LIST = reverse("api_v1:case_list")


def detail(case):
    return reverse("api_v1:case_detail", args=[case.public_id])


class CaseOpenTests(BaseTestCase):
    def setUp(self):
        cache.clear()
        self.api = APIClient()

    def test_an_officer_opens_a_case_at_their_institution_audited(self):
        self.api.force_authenticate(self.alice)
        response = self.api.post(
            LIST,
            {
                "recruited_name": "Prof. Dr. Rita Berufen",
                "recruited_position": "W2-Professur Chemie",
                "recruited_start_date": "2027-04-01",
                "assigned_officers": ["BOB@example.org"],
                "partner_first_name": "Petra",
                "partner_email": "petra@example.org",
            },
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        case = Case.objects.get(public_id=body["id"])
        self.assertEqual(case.institution, self.inst)
        self.assertEqual(body["institution"], self.inst.slug)
        self.assertEqual(body["recruited_position"], "W2-Professur Chemie")
        self.assertEqual(body["assigned_officers"], ["alice@example.org", "bob@example.org"])
        self.assertEqual(body["version"], locking.version_of(case))
        self.assertEqual(case.profile.email, "petra@example.org")
        entry = AuditEntry.objects.get(action="case.opened")
        self.assertEqual((entry.actor, entry.target_id), (self.alice, str(case.pk)))
        self.assertNotIn("Petra", str(entry.data))

    def test_bad_input_is_a_400_naming_the_field_and_opens_nothing(self):
        self.api.force_authenticate(self.alice)
        bodies: dict[str, dict[str, Any]] = {
            "recruited_name": {"recruited_position": "W2"},
            "recruited_start_date": {"recruited_name": "R", "recruited_start_date": "morgen"},
            "partner_email": {"recruited_name": "R", "partner_email": "kein-at"},
            # charlie is an officer of another institution: not assignable here
            "assigned_officers": {
                "recruited_name": "R",
                "assigned_officers": ["charlie@example.org"],
            },
            "institution": {"recruited_name": "R", "institution": self.other_inst.slug},
            "status": {"recruited_name": "R", "status": "active"},  # not a field of the form
        }
        for field, body in bodies.items():
            with self.subTest(field=field):
                response = self.api.post(LIST, body, format="json")
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn(field, response.json())
        self.assertFalse(Case.objects.exists())
        self.assertFalse(AuditEntry.objects.filter(action="case.opened").exists())

    def test_an_officer_at_several_institutions_names_one(self):
        self.make_user("alice2", self.inst, "officer")
        from dualcareer.testing import factories as f

        f.InstitutionRoleFactory(user=self.alice, institution=self.other_inst, role="officer")
        self.api.force_authenticate(self.alice)
        response = self.api.post(LIST, {"recruited_name": "R"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("institution", response.json())
        response = self.api.post(
            LIST, {"recruited_name": "R", "institution": self.other_inst.slug}, format="json"
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Case.objects.get().institution, self.other_inst)

    def test_outsiders_open_nothing(self):
        for user in (self.emil, self.cora, self.paula, self.nobody, None):
            with self.subTest(user=getattr(user, "email", "anonymous")):
                self.api.force_authenticate(user)
                response = self.api.post(LIST, {"recruited_name": "R"}, format="json")
                self.assertEqual(response.status_code, 403)
                self.assertIn("detail", response.json())
        self.assertFalse(Case.objects.exists())

    def test_a_token_needs_cases_write(self):
        _token, raw = tokens.token_create(
            user=self.alice, name="t", scopes=["cases:read"], lifetime_days=1
        )
        self.api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        response = self.api.post(LIST, {"recruited_name": "R"}, format="json")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["missing_scope"], "cases:write")
        self.assertFalse(Case.objects.exists())
        _token, raw = tokens.token_create(
            user=self.alice, name="t", scopes=["cases:write"], lifetime_days=1
        )
        self.api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        response = self.api.post(LIST, {"recruited_name": "R"}, format="json")
        self.assertEqual(response.status_code, 201)


class CaseChangeTests(BaseTestCase):
    def setUp(self):
        cache.clear()
        self.api = APIClient()
        self.case = services.case_open(
            actor=self.alice, institution=self.inst, recruited_name="R", assigned_officers=[]
        )
        self.conf = services.case_open(
            actor=self.alice, institution=self.inst, recruited_name="V", confidential=True
        )

    def version(self, case=None):
        case = case or self.case
        case.refresh_from_db()
        return locking.version_of(case)

    def test_the_detail_answers_the_version_and_a_patch_changes_the_case_audited(self):
        self.api.force_authenticate(self.bob)  # bob is not assigned; the case is not confidential
        body = self.api.get(detail(self.case)).json()
        self.assertEqual(body["version"], self.version())
        self.assertEqual(body["assigned_officers"], ["alice@example.org"])
        response = self.api.patch(
            detail(self.case),
            {
                "version": body["version"],
                "recruited_position": "W3-Professur",
                "assigned_officers": ["alice@example.org", "bob@example.org"],
            },
            format="json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        changed = response.json()
        self.assertEqual(changed["recruited_position"], "W3-Professur")
        self.assertEqual(changed["recruited_name"], "R")  # not sent: unchanged
        self.assertEqual(changed["assigned_officers"], ["alice@example.org", "bob@example.org"])
        self.assertNotEqual(changed["version"], body["version"])
        self.assertEqual(changed["version"], self.version())
        entry = AuditEntry.objects.filter(action="case.updated").latest("pk")
        self.assertEqual(entry.actor, self.bob)
        self.assertEqual(entry.data["fields"], ["assigned_officers", "recruited_position"])

    def test_a_stale_version_is_a_409_and_saves_nothing(self):
        self.api.force_authenticate(self.alice)
        stale = self.version()
        first = self.api.patch(
            detail(self.case), {"version": stale, "recruited_position": "A"}, format="json"
        )
        self.assertEqual(first.status_code, 200)
        response = self.api.patch(
            detail(self.case), {"version": stale, "recruited_position": "B"}, format="json"
        )
        self.assertEqual(response.status_code, 409)
        body = response.json()
        self.assertEqual(body["code"], "edit_conflict")
        self.assertEqual(body["current_version"], self.version())
        self.case.refresh_from_db()
        self.assertEqual(self.case.recruited_position, "A")
        self.assertEqual(AuditEntry.objects.filter(action="case.updated").count(), 1)

    def test_a_missing_or_malformed_version_is_a_400_naming_it(self):
        self.api.force_authenticate(self.alice)
        for body in (
            {"recruited_position": "A"},
            {"version": "gestern", "recruited_position": "A"},
        ):
            with self.subTest(body=body):
                response = self.api.patch(detail(self.case), body, format="json")
                self.assertEqual(response.status_code, 400)
                self.assertIn("version", response.json())
        self.case.refresh_from_db()
        self.assertEqual(self.case.recruited_position, "")

    def test_bad_fields_are_a_400_naming_the_field(self):
        self.api.force_authenticate(self.alice)
        bodies: dict[str, dict[str, Any]] = {
            "kind": {"kind": "adoption"},
            "recruited_name": {"recruited_name": ""},
            "assigned_officers": {"assigned_officers": ["charlie@example.org"]},
            "status": {"status": "closed"},
            "outcome": {"outcome": "job_found"},  # closing is the close page's
        }
        for field, body in bodies.items():
            with self.subTest(field=field):
                response = self.api.patch(
                    detail(self.case), {"version": self.version(), **body}, format="json"
                )
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn(field, response.json())
        self.assertFalse(AuditEntry.objects.filter(action="case.updated").exists())

    def test_the_status_moves_on_with_the_acknowledgement_as_on_the_page(self):
        self.api.force_authenticate(self.alice)
        response = self.api.patch(
            detail(self.case), {"version": self.version(), "status": "intake"}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("acknowledged", response.json())
        response = self.api.patch(
            detail(self.case),
            {"version": self.version(), "status": "intake", "acknowledged": True},
            format="json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "intake")
        entry = AuditEntry.objects.get(action="case.status_changed")
        self.assertEqual((entry.actor, entry.data["to"]), (self.alice, "intake"))
        self.assertFalse(AuditEntry.objects.filter(action="case.updated").exists())

    def test_outsiders_change_nothing(self):
        other = make_case(self.other_inst)
        refused = [
            (self.charlie, self.case),
            (self.emil, self.case),
            (self.cora, self.case),
            (self.paula, self.case),
            (self.bob, self.conf),  # confidential: alice only
            (self.alice, other),
        ]
        for user, case in refused:
            with self.subTest(user=user.email, case=case.recruited_name):
                self.api.force_authenticate(user)
                response = self.api.patch(
                    detail(case),
                    {"version": self.version(case), "kind": "retention"},
                    format="json",
                )
                self.assertEqual(response.status_code, 404)
        self.api.force_authenticate(None)
        response = self.api.patch(
            detail(self.case), {"version": self.version(), "kind": "retention"}, format="json"
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Case.objects.filter(kind="retention").exists())
        self.assertFalse(AuditEntry.objects.filter(action="case.updated").exists())

    def test_the_assigned_officer_changes_a_confidential_case(self):
        self.api.force_authenticate(self.alice)
        response = self.api.patch(
            detail(self.conf),
            {"version": self.version(self.conf), "confidential": False},
            format="json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertFalse(response.json()["confidential"])

    def test_a_token_needs_cases_write(self):
        _token, raw = tokens.token_create(
            user=self.alice, name="t", scopes=["cases:read"], lifetime_days=1
        )
        self.api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        response = self.api.patch(
            detail(self.case), {"version": self.version(), "kind": "retention"}, format="json"
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["missing_scope"], "cases:write")
        self.case.refresh_from_db()
        self.assertEqual(self.case.kind, "recruitment")
