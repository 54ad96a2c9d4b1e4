"""A malformed id sent with a form is "not found" or a 400, never a 500."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from dualcareer.accounts.models import User
from dualcareer.core.lookups import get_or_404
from dualcareer.core.middleware import BadInputMiddleware
from dualcareer.testing.base import BaseTestCase

GARBAGE = ("not-a-uuid", "erika@example.org", "1' OR '1'='1", "")


class GetOr404Tests(BaseTestCase):
    def test_malformed_uuids_and_numbers_are_not_found(self) -> None:
        for value in GARBAGE:
            with self.subTest(value=value), self.assertRaises(Http404):
                get_or_404(User, pk=value)
            with self.subTest(value=value), self.assertRaises(Http404):
                get_or_404(apps.get_model("openings", "SavedSearch"), public_id=value)

    def test_a_valid_id_finds_the_object(self) -> None:
        self.assertEqual(get_or_404(User, pk=str(self.alice.pk)), self.alice)


class BadInputMiddlewareTests(BaseTestCase):
    def test_a_validation_error_escaping_a_view_is_a_400(self) -> None:
        middleware = BadInputMiddleware(lambda request: HttpResponse())
        request = RequestFactory().post("/x/")
        error = ValidationError("“erika@example.org” is not a valid UUID.")
        response = middleware.process_exception(request, error)
        assert response is not None
        self.assertEqual(response.status_code, 400)
        self.assertNotIn(b"erika", response.content)
        self.assertIsNone(middleware.process_exception(request, KeyError("x")))


class FormsWithIdsTests(BaseTestCase):
    def test_the_partners_reveal_form_with_a_malformed_introduction_is_a_404(self) -> None:
        self.client.force_login(self.paula)
        for value in GARBAGE:
            with self.subTest(value=value):
                response = self.client.post(
                    reverse("exchange:my_introductions"), {"introduction": value, "reveal": "1"}
                )
                self.assertEqual(response.status_code, 404)

    def test_deleting_a_saved_search_with_a_malformed_id_is_a_404(self) -> None:
        self.client.force_login(self.bob)
        for value in GARBAGE:
            with self.subTest(value=value):
                response = self.client.post(reverse("openings:saved_searches"), {"search": value})
                self.assertEqual(response.status_code, 404)

    def test_removing_a_process_step_with_a_malformed_id_is_a_404(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.post(reverse("cases:process"), {"deactivate": "erika@example.org"})
        self.assertEqual(response.status_code, 404)
