"""The platform's django/forms/widgets/select.html renders what Django's own renders."""

import re
from pathlib import Path

from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.test import SimpleTestCase

from dualcareer.openings.forms import OpeningFilterForm


class _Option(forms.Select):
    option_template_name = "django/forms/widgets/radio_option.html"


class _Form(forms.Form):
    plain = forms.ChoiceField(choices=[("", "All"), ("a", "A & <b>"), ("b", 'B "quoted"')])
    grouped = forms.ChoiceField(
        choices=[("", "None"), ("Fruit", [("apple", "Apple"), ("pear", "Pear")]), ("x", "X")]
    )
    numbers = forms.TypedChoiceField(choices=[(1, "one"), (2, "two")], coerce=int)
    several = forms.MultipleChoiceField(choices=[("de", "Deutsch"), ("en", "English")])
    attrs = forms.ChoiceField(
        choices=[("a", "A")], widget=forms.Select(attrs={"class": "x", "required": True})
    )
    own_option = forms.ChoiceField(choices=[("a", "A")], widget=_Option)


def _without_blank_lines(html: str) -> str:
    """Django's template leaves an empty line after each included option; ours does not."""
    return re.sub(r"\n\s*\n", "\n", html)


class SelectTemplateTests(SimpleTestCase):
    def test_every_select_renders_as_with_djangos_own_template(self) -> None:
        django_own = DjangoTemplates()
        for data in (
            None,
            {"plain": "a", "grouped": "pear", "numbers": "2", "several": ["de", "en"]},
            {"plain": "<script>", "grouped": "Fruit", "numbers": "x"},
        ):
            ours, theirs = _Form(data), _Form(data, renderer=django_own)
            for name in ours.fields:
                with self.subTest(field=name, data=data):
                    self.assertEqual(
                        _without_blank_lines(str(ours[name])),
                        _without_blank_lines(str(theirs[name])),
                    )

    def test_the_platforms_template_is_the_one_used(self) -> None:
        html = str(OpeningFilterForm()["sector"])
        self.assertNotIn("</option>\n\n", html)
        self.assertIn('<option value="" selected>', html)
        template = get_default_renderer().get_template("django/forms/widgets/select.html")
        expected = (
            Path(__file__).resolve().parents[1] / "templates/django/forms/widgets/select.html"
        )
        self.assertEqual(template.origin.name, str(expected))
