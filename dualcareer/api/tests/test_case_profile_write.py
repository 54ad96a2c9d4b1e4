"""API v1 PATCH /cases/{id}/profile/: the officer's profile page, its form and service."""

from typing import Any

from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from dualcareer.api import tokens
from dualcareer.cases import services
from dualcareer.cases.models import Consent, PartnerProfile
from dualcareer.core import locking
from dualcareer.core.models import AuditEntry
from dualcareer.openings.tests.factories import make_case
from dualcareer.testing.base import BaseTestCase


def url(case):
    return reverse("api_v1:case_profile", args=[case.public_id])


class CaseProfileWriteTests(BaseTestCase):
    def setUp(self):
        cache.clear()
        self.api = APIClient()
        self.case = make_case(self.inst, self.paula, scopes=("employers",))

    def version(self, case=None):
        profile = PartnerProfile.objects.get(case=case or self.case)
        return locking.version_of(profile)

    def test_an_officer_changes_the_profile_audited(self):
        self.api.force_authenticate(self.alice)
        shown = self.api.get(reverse("api_v1:case_detail", args=[self.case.public_id])).json()
        self.assertEqual(shown["profile"]["version"], self.version())
        response = self.api.patch(
            url(self.case),
            {
                "version": shown["profile"]["version"],
                "skills": "Massenspektrometrie, R",
                "languages": [{"language": "fr", "level": "B1"}],
                "desired_sectors": ["company"],
                "experience_years": None,
            },
            format="json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["skills"], "Massenspektrometrie, R")
        self.assertEqual(body["languages"], [{"language": "fr", "level": "B1"}])
        self.assertIsNone(body["experience_years"])
        self.assertEqual(body["last_name"], "Quellmalz")  # not sent: unchanged
        self.assertEqual(body["version"], self.version())
        self.assertNotEqual(body["version"], shown["profile"]["version"])
        entry = AuditEntry.objects.get(action="profile.updated")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(entry.data["by"], "officer")
        self.assertIn("skills", entry.data["fields"])
        self.assertNotIn("Massenspektrometrie", str(entry.data))

    def test_a_stale_version_is_a_409_and_saves_nothing(self):
        self.api.force_authenticate(self.alice)
        stale = self.version()
        # the partner saves on her page in between
        services.profile_update(case=self.case, actor=self.paula, data={"city": "Herne"})
        response = self.api.patch(
            url(self.case), {"version": stale, "city": "Bochum"}, format="json"
        )
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "edit_conflict")
        self.assertEqual(response.json()["current_version"], self.version())
        self.assertEqual(PartnerProfile.objects.get(case=self.case).city, "Herne")
        self.assertFalse(AuditEntry.objects.filter(action="profile.updated").exists())

    def test_a_missing_version_is_a_400_naming_it(self):
        self.api.force_authenticate(self.alice)
        response = self.api.patch(url(self.case), {"city": "Bochum"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("version", response.json())
        self.assertEqual(PartnerProfile.objects.get(case=self.case).city, "Wanne-Eickel")

    def test_bad_fields_are_a_400_naming_the_field(self):
        self.api.force_authenticate(self.alice)
        bodies: dict[str, dict[str, Any]] = {
            "email": {"email": "kein-at"},
            "first_name": {"first_name": ""},  # the page's form requires it
            "radius_km": {"radius_km": 9999},
            "languages": {
                "languages": [{"language": "de", "level": "C1"}, {"language": "de", "level": "A1"}]
            },
            "desired_sectors": {"desired_sectors": ["moon"]},
            "consents": {"consents": [{"scope": "contact"}]},  # the partner's, not here
            "birth_date": {"birth_date": "1980-01-01"},  # not on the officer's page
        }
        for field, body in bodies.items():
            with self.subTest(field=field):
                response = self.api.patch(
                    url(self.case), {"version": self.version(), **body}, format="json"
                )
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn(field, response.json())
        self.assertFalse(AuditEntry.objects.filter(action="profile.updated").exists())
        self.assertEqual(
            list(Consent.objects.filter(case=self.case).values_list("scope", flat=True)),
            ["employers"],
        )

    def test_outsiders_change_nothing(self):
        conf = services.case_open(
            actor=self.alice, institution=self.inst, recruited_name="V", confidential=True
        )
        refused = [
            (self.charlie, self.case),
            (self.emil, self.case),
            (self.cora, self.case),
            (self.paula, self.case),  # her own profile: on her page, not through the API
            (self.bob, conf),
        ]
        for user, case in refused:
            with self.subTest(user=user.email):
                self.api.force_authenticate(user)
                response = self.api.patch(
                    url(case), {"version": self.version(case), "city": "Bochum"}, format="json"
                )
                self.assertEqual(response.status_code, 404)
        self.api.force_authenticate(None)
        response = self.api.patch(
            url(self.case), {"version": self.version(), "city": "Bochum"}, format="json"
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(PartnerProfile.objects.filter(city="Bochum").exists())

    def test_a_token_needs_cases_write(self):
        _token, raw = tokens.token_create(
            user=self.alice, name="t", scopes=["cases:read"], lifetime_days=1
        )
        self.api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        response = self.api.patch(
            url(self.case), {"version": self.version(), "city": "Bochum"}, format="json"
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["missing_scope"], "cases:write")
        self.assertFalse(PartnerProfile.objects.filter(city="Bochum").exists())
