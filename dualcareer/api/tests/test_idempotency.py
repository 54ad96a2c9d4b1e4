"""The Idempotency-Key of POST /api/v1/cases/: one case per key, user and body, for 24 hours."""

import datetime as dt
import threading
import unittest
from io import StringIO
from typing import Any
from unittest import mock

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections
from django.test import TransactionTestCase
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from dualcareer.accounts.models import Role
from dualcareer.api import idempotency
from dualcareer.api.models import IdempotencyKey
from dualcareer.cases.models import Case
from dualcareer.core.models import AuditEntry
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase

LIST = reverse("api_v1:case_list")
KEY = "6f1c1f0e-8a57-4a43-9f4e-2f0f5b8f7d11"
BODY = {"recruited_name": "Prof. Dr. Rita Berufen", "partner_email": "petra@example.org"}


class IdempotencyKeyTests(BaseTestCase):
    def setUp(self):
        cache.clear()
        self.api = APIClient()
        self.api.force_authenticate(self.alice)

    def post(self, body=BODY, key=KEY):
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
        return self.api.post(LIST, body, format="json", **headers)

    def test_the_same_key_and_body_answer_the_first_case(self):
        first = self.post()
        self.assertEqual(first.status_code, 201, first.content)
        self.assertNotIn("Idempotent-Replayed", first)
        again = self.post()
        self.assertEqual(again.status_code, 201)
        self.assertEqual(again["Idempotent-Replayed"], "true")
        self.assertEqual(again.json()["id"], first.json()["id"])
        self.assertEqual(Case.objects.count(), 1)
        self.assertEqual(AuditEntry.objects.filter(action="case.opened").count(), 1)
        # The stored row names the case, the body only as a keyed hash.
        row = IdempotencyKey.objects.get()
        self.assertEqual(row.result, first.json()["id"])
        self.assertNotIn("petra", row.fingerprint)

    def test_the_same_key_with_another_body_is_refused(self):
        self.assertEqual(self.post().status_code, 201)
        response = self.post({**BODY, "recruited_name": "Dr. Anders"})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["code"], "idempotency_key_reused")
        self.assertEqual(Case.objects.count(), 1)

    def test_without_a_key_or_with_new_keys_each_request_opens_a_case(self):
        self.assertEqual(self.post(key=None).status_code, 201)
        self.assertEqual(self.post(key=None).status_code, 201)
        self.assertEqual(self.post(key="key-1").status_code, 201)
        self.assertEqual(self.post(key="key-2").status_code, 201)
        self.assertEqual(Case.objects.count(), 4)

    def test_keys_are_per_user(self):
        self.assertEqual(self.post().status_code, 201)
        self.api.force_authenticate(self.bob)
        response = self.post()
        self.assertEqual(response.status_code, 201)
        self.assertNotIn("Idempotent-Replayed", response)
        self.assertEqual(Case.objects.count(), 2)

    def test_a_key_older_than_24_hours_is_a_new_key(self):
        first = self.post()
        IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
        again = self.post({**BODY, "recruited_name": "Dr. Anders"})
        self.assertEqual(again.status_code, 201, again.content)
        self.assertNotEqual(again.json()["id"], first.json()["id"])
        self.assertEqual(IdempotencyKey.objects.get().result, again.json()["id"])

    def test_a_refused_request_leaves_no_key(self):
        response = self.post({"recruited_position": "W2"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(IdempotencyKey.objects.exists())
        self.assertEqual(self.post().status_code, 201)

    def test_a_malformed_key_is_a_400_naming_the_header(self):
        for key in ("", "x" * 256, "mit leerzeichen"):
            with self.subTest(key=key):
                response = self.post(key=key)
                self.assertEqual(response.status_code, 400)
                self.assertIn("Idempotency-Key", response.json())
        self.assertFalse(Case.objects.exists())

    def test_a_request_racing_the_first_answers_its_case(self):
        """The second of two simultaneous requests finds the key at insert time."""
        first = self.post(key="race")
        body = idempotency.fingerprint(BODY)
        with self.assertRaises(idempotency.Replay) as raced:
            idempotency.claim(user=self.alice, key="race", operation="cases.open", body=body)
        self.assertEqual(raced.exception.result, first.json()["id"])
        with self.assertRaises(idempotency.KeyReused):
            idempotency.claim(user=self.alice, key="race", operation="cases.open", body="other")

    def test_api_cleanup_prunes_keys_older_than_24_hours(self):
        self.post(key="old")
        self.post(key="new")
        IdempotencyKey.objects.filter(key="old").update(
            created_at=timezone.now() - dt.timedelta(hours=25)
        )
        out = StringIO()
        call_command("api_cleanup", stdout=out)
        self.assertIn("1 idempotency key(s) deleted", out.getvalue())
        self.assertEqual(list(IdempotencyKey.objects.values_list("key", flat=True)), ["new"])


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "two requests in two transactions at once need PostgreSQL (SQLite serialises writers)",
)
class SimultaneousRequestsTests(TransactionTestCase):
    # Keeps the rows migrations created; without it the flush after this test re-creates
    # the content types under new ids and the later serialized-rollback tests clash.
    serialized_rollback = True

    def test_the_second_of_two_simultaneous_requests_answers_the_first_case(self):
        """B checks for the key while A's transaction holds it uncommitted, then inserts it.

        The order is forced with events (no timing): A claims the key and waits until B
        has passed its check for earlier requests; B's insert then meets A's row (it waits
        for A's commit on the unique index) and B answers with A's case.
        """
        institution = f.InstitutionFactory(name="Hochschule")
        user = f.UserFactory(email="anna@example.org")
        f.InstitutionRoleFactory(user=user, institution=institution, role=Role.OFFICER)
        a_claimed, b_checked = threading.Event(), threading.Event()
        real_claim = idempotency.claim
        answers: dict[str, Any] = {}
        errors: list[BaseException] = []

        def claim(**kwargs: Any) -> Any:
            if threading.current_thread().name == "A":
                row = real_claim(**kwargs)
                a_claimed.set()
                b_checked.wait(timeout=30)
                return row
            b_checked.set()
            return real_claim(**kwargs)

        def send() -> None:
            name = threading.current_thread().name
            try:
                if name == "B":
                    a_claimed.wait(timeout=30)
                api = APIClient()
                api.force_authenticate(user)
                answers[name] = api.post(LIST, BODY, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
            except BaseException as error:  # reported below, not lost in the thread
                errors.append(error)
                a_claimed.set()
                b_checked.set()
            finally:
                connections.close_all()

        with mock.patch.object(idempotency, "claim", claim):
            threads = [threading.Thread(target=send, name=name) for name in ("A", "B")]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        self.assertEqual(errors, [])
        self.assertEqual(answers["A"].status_code, 201, answers["A"].content)
        self.assertEqual(answers["B"].status_code, 201, answers["B"].content)
        self.assertEqual(answers["B"]["Idempotent-Replayed"], "true")
        self.assertEqual(answers["B"].json()["id"], answers["A"].json()["id"])
        self.assertEqual(Case.objects.count(), 1)
        self.assertEqual(IdempotencyKey.objects.count(), 1)
