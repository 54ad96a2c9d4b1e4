"""API answers that show a partner's revealed name and contact are audited."""

import json

from django.urls import reverse
from rest_framework.test import APIClient

from dualcareer.core.models import AuditEntry
from dualcareer.exchange.services import introduction_create, introduction_reveal
from dualcareer.openings.tests.factories import (
    OpeningFactory,
    grant,
    make_case,
    withdraw,
)
from dualcareer.testing.base import BaseTestCase


class IdentityReadAuditTests(BaseTestCase):
    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.introduction = introduction_create(
            user=self.alice, case=self.case, opening=OpeningFactory(institution=self.employer_inst)
        )
        self.api = APIClient()
        self.api.force_authenticate(self.emil)

    def reads(self):
        return AuditEntry.objects.filter(action="introduction.viewed", data__channel="api")

    def reveal(self):
        introduction_reveal(user=self.paula, introduction=self.introduction, agree=True)

    def test_listing_a_revealed_introduction_is_audited_without_personal_data(self):
        self.reveal()
        items = self.api.get(reverse("api:introduction_list")).json()
        self.assertIn("Quellmalz", json.dumps(items))
        entry = self.reads().get()
        self.assertEqual(entry.actor, self.emil)
        self.assertEqual(entry.institution_id, self.employer_inst.pk)
        self.assertEqual(entry.data["introduction"], str(self.introduction.public_id))
        # the whole phone number: a fragment like "555" can occur in a random public id
        for secret in ("Petra", "Quellmalz", "petra", "+49 234 555 0100", "2345550100"):
            self.assertNotIn(secret, json.dumps(entry.data))

    def test_a_page_shows_and_audits_a_revealed_identity_while_the_reveal_holds(self):
        self.reveal()
        page = self.api.get(reverse("api:introduction_list"), {"page_size": 10}).json()
        self.assertIn("Quellmalz", json.dumps(page["results"]))
        self.assertEqual(self.reads().count(), 1)
        # Consent withdrawn and granted again: listed again, but the reveal does not come back.
        withdraw(self.case, "employers")
        grant(self.case, "employers")
        page = self.api.get(reverse("api:introduction_list"), {"page_size": 10}).json()
        self.assertEqual(page["count"], 1)
        self.assertNotIn("Quellmalz", json.dumps(page))
        self.assertEqual(self.reads().count(), 1)

    def test_each_listing_is_audited(self):
        self.reveal()
        self.api.get(reverse("api:introduction_list"))
        self.api.get(reverse("api:introduction_list"))
        self.assertEqual(self.reads().count(), 2)

    def test_anonymised_introductions_are_not_identity_reads(self):
        items = self.api.get(reverse("api:introduction_list")).json()
        self.assertNotIn("Quellmalz", json.dumps(items))
        self.assertFalse(self.reads().exists())

    def test_answering_a_revealed_introduction_audits_the_identity_in_the_answer(self):
        self.reveal()
        url = reverse("api:introduction_answer", args=[self.introduction.public_id])
        response = self.api.post(url, {"answer": "interested"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertIn("Quellmalz", response.content.decode())
        self.assertEqual(self.reads().count(), 1)
