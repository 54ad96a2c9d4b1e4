"""English dates cannot be misread ("28 Nov 2026"); German ones stay German ("28.11.2026")."""

import datetime as dt

from django import forms
from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation

MOMENT = dt.datetime(2026, 11, 28, 14, 5, tzinfo=dt.UTC)


def render(source: str) -> str:
    return Template(source).render(Context({"moment": MOMENT, "day": MOMENT.date()}))


class DateFormatTests(SimpleTestCase):
    def test_english(self) -> None:
        with translation.override("en"), self.settings(TIME_ZONE="UTC"):
            self.assertEqual(render("{{ day|date }}"), "28 Nov 2026")
            self.assertEqual(render('{{ day|date:"SHORT_DATE_FORMAT" }}'), "28 Nov 2026")
            self.assertEqual(render('{{ moment|date:"DATETIME_FORMAT" }}'), "28 Nov 2026, 14:05")
            self.assertEqual(
                render('{{ moment|date:"SHORT_DATETIME_FORMAT" }}'), "28 Nov 2026, 14:05"
            )

    def test_german(self) -> None:
        with translation.override("de"), self.settings(TIME_ZONE="UTC"):
            self.assertEqual(render('{{ day|date:"SHORT_DATE_FORMAT" }}'), "28.11.2026")
            self.assertEqual(render("{{ day|date }}"), "28. November 2026")

    def test_english_forms_accept_iso_and_the_shown_format_but_no_us_dates(self) -> None:
        field = forms.DateField()
        with translation.override("en"):
            self.assertEqual(field.clean("2026-11-28"), MOMENT.date())
            self.assertEqual(field.clean("28 Nov 2026"), MOMENT.date())
            with self.assertRaises(forms.ValidationError):
                field.clean("11/28/2026")
