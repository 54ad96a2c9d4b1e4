"""The error summary and the "Error:" title of a page whose form came back with errors."""

from django import forms
from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation

from dualcareer.testing.base import BaseTestCase


class SampleForm(forms.Form):
    name = forms.CharField(label="Name")
    level = forms.ChoiceField(
        label="Level", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="I agree", help_text="Read the terms first.")

    def clean(self) -> dict[str, object]:
        raise forms.ValidationError("The whole form is wrong.")


def render(source: str, **context: object) -> str:
    return Template("{% load formerrors %}" + source).render(Context(context))


class ErrorSummaryTagTests(SimpleTestCase):
    def test_it_lists_every_error_with_a_link_to_its_field(self) -> None:
        form = SampleForm(data={})
        with translation.override("en"):
            html = render("{% error_summary %}", form=form)
        self.assertIn('role="alert"', html)
        self.assertIn('tabindex="-1"', html)
        self.assertIn("data-autofocus", html)
        self.assertIn('<a href="#id_name">Name: This field is required.</a>', html)
        # A radio group links to its first radio button, not to the wrapper.
        self.assertIn('<a href="#id_level_0">Level: This field is required.</a>', html)
        self.assertIn('<a href="#id_agree">I agree: This field is required.</a>', html)
        self.assertIn("<li>The whole form is wrong.</li>", html)
        self.assertIn("following 4 errors", html)
        self.assertLess(html.index("whole form"), html.index("id_name"))

    def test_nothing_without_errors(self) -> None:
        self.assertEqual(render("{% error_summary %}", form=SampleForm()), "")
        self.assertEqual(render("{% error_title_prefix %}", form=SampleForm()), "")

    def test_any_context_name_and_formsets_count(self) -> None:
        formset_class = forms.formset_factory(SampleForm, extra=1)
        data = {"f-TOTAL_FORMS": "1", "f-INITIAL_FORMS": "0", "f-0-name": "x"}
        html = render("{% error_summary %}", place_form=formset_class(data=data, prefix="f"))
        self.assertIn('href="#id_f-0-level_0"', html)

    def test_title_prefix_in_both_languages(self) -> None:
        with translation.override("en"):
            self.assertEqual(
                render("{% error_title_prefix %}", form=SampleForm(data={})), "Error: "
            )
        with translation.override("de"):
            self.assertEqual(
                render("{% error_title_prefix %}", form=SampleForm(data={})), "Fehler: "
            )


class SharedFieldTemplateTests(SimpleTestCase):
    def test_a_radio_group_is_a_fieldset_that_references_its_error(self) -> None:
        form = SampleForm(data={})
        html = Template('{% include "site/includes/form.html" %}').render(Context({"form": form}))
        self.assertIn('<fieldset aria-describedby="id_level_error">', html)
        self.assertIn('id="id_level_error"', html)
        # A checkbox shows its help text and references it and its error.
        self.assertIn('id="id_agree_helptext"', html)
        self.assertIn('aria-describedby="id_agree_helptext id_agree_error"', html)


class FailedLoginPageTests(BaseTestCase):
    def test_the_page_says_error_in_its_title_and_shows_the_summary(self) -> None:
        response = self.client.post("/en/accounts/login/", {"username": "x@example.org"})
        self.assertContains(response, "<title>Error: ", status_code=200)
        self.assertContains(response, 'id="error-summary"')
        self.assertContains(response, '<a href="#id_password">')
        response = self.client.post("/accounts/login/", {"username": "x@example.org"})
        self.assertContains(response, "<title>Fehler: ")
        self.assertContains(response, "Es gibt ein Problem")

    def test_a_page_without_errors_has_no_summary(self) -> None:
        response = self.client.get("/en/accounts/login/")
        self.assertNotContains(response, "error-summary")
        self.assertNotContains(response, "<title>Error")


class StatusMessageFocusTests(BaseTestCase):
    def test_the_message_after_a_successful_post_takes_focus(self) -> None:
        # After a successful post the view redirects to a page with a flash message.
        from django.contrib.messages import constants
        from django.contrib.messages.storage.base import Message

        html = Template('{% extends "base.html" %}').render(
            Context({"messages": [Message(constants.SUCCESS, "Saved.")]})
        )
        self.assertIn('role="status" id="status-message" tabindex="-1" data-autofocus', html)
        self.assertIn("site/site.js", html)
