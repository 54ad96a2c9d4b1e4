"""The helpers every app's views share: a service's ValidationError on a form, quiet refusals."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.test import RequestFactory, SimpleTestCase

from dualcareer.core.views import apply_validation_error, error_messages, refuse_quietly


class NameForm(forms.Form):
    name = forms.CharField()


class ApplyValidationErrorTest(SimpleTestCase):
    def test_an_error_naming_a_field_lands_on_that_field(self):
        form = NameForm({"name": "x"})
        form.is_valid()
        apply_validation_error(form, ValidationError({"name": "Taken."}))
        self.assertEqual(form.errors["name"], ["Taken."])

    def test_an_error_naming_an_unknown_field_lands_on_the_form(self):
        form = NameForm({"name": "x"})
        form.is_valid()
        apply_validation_error(form, ValidationError({"places": "Too many."}))
        self.assertEqual(form.non_field_errors(), ["Too many."])

    def test_an_error_without_a_field_lands_on_the_form(self):
        form = NameForm({"name": "x"})
        form.is_valid()
        apply_validation_error(form, ValidationError("Closed."))
        self.assertEqual(form.non_field_errors(), ["Closed."])

    def test_the_known_fields_can_be_named(self):
        form = NameForm({"name": "x"})
        form.is_valid()
        apply_validation_error(form, ValidationError({"name": "Taken."}), known=set())
        self.assertEqual(form.non_field_errors(), ["Taken."])


class ErrorMessagesTest(SimpleTestCase):
    def test_each_message_becomes_a_flash_message(self):
        request: Any = RequestFactory().post("/")
        request.session = {}
        request._messages = FallbackStorage(request)
        error_messages(request, ValidationError(["One.", "Two."]))
        self.assertEqual([str(m) for m in get_messages(request)], ["One.", "Two."])


class RefuseQuietlyTest(SimpleTestCase):
    def test_a_refusal_becomes_the_403_page(self):
        @refuse_quietly
        def page(request):
            raise PermissionDenied

        response = page(RequestFactory().get("/"))
        self.assertEqual(response.status_code, 403)

    def test_an_allowed_view_answers_as_usual(self):
        @refuse_quietly
        def page(request):
            return HttpResponse("ok")

        self.assertEqual(page(RequestFactory().get("/")).content, b"ok")
