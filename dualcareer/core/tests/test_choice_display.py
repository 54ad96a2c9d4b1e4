"""ChoiceLabelsModel: `get_FOO_display()` from a table per field, the same answers as Django's."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from unittest import mock

from django.apps import apps
from django.db import models
from django.test import SimpleTestCase, TestCase
from django.utils import translation
from django.utils.choices import flatten_choices
from django.utils.translation import gettext_lazy as _

from dualcareer.core.models import ChoiceLabelsModel, choice_labels
from dualcareer.network.models import Institution, Sector, ServiceProvision
from dualcareer.openings.models import Opening, Visibility
from dualcareer.openings.tests.factories import OpeningFactory
from dualcareer.testing import factories as f


def django_display(instance: Any, field: Any) -> Any:
    """What Django's own `Model._get_FIELD_display` answers."""
    return models.Model._get_FIELD_display(instance, field)  # type: ignore[attr-defined]


def loose_field(choices: Any) -> Any:
    """A field of no model, named `kind`, with `choices`."""
    field: Any = models.CharField(max_length=20, choices=choices)
    field.set_attributes_from_name("kind")
    return field


class ChoiceLabelsTests(TestCase):
    institution: Institution
    opening: Opening

    @classmethod
    def setUpTestData(cls) -> None:
        cls.institution = f.InstitutionFactory(sector=Sector.COMPANY)
        cls.opening = OpeningFactory(institution=cls.institution)

    def assert_as_django(self, instance: Any, name: str, values: list[Any]) -> None:
        field = instance._meta.get_field(name)
        display = getattr(instance, f"get_{name}_display")
        for language in ("de", "en"):
            for value in values:
                setattr(instance, field.attname, value)
                with self.subTest(field=name, language=language, value=value):
                    with translation.override(language):
                        ours, djangos = display(), django_display(instance, field)
                    self.assertEqual(ours, djangos)
                    self.assertIs(type(ours), type(djangos))

    def test_it_gives_djangos_label_for_every_choice_in_german_and_english(self):
        self.assert_as_django(self.institution, "sector", Sector.values)
        self.assert_as_django(self.institution, "service_provision", ServiceProvision.values)
        self.assert_as_django(self.opening, "visibility", Visibility.values)

    def test_it_gives_djangos_answer_for_every_choice_field_of_every_model_using_it(self):
        using = [m for m in apps.get_models() if issubclass(m, ChoiceLabelsModel)]
        self.assertIn(Institution, using)
        self.assertIn(Opening, using)
        for model in using:
            instance = model()
            for field in model._meta.concrete_fields:
                if field.choices is not None:
                    values = [value for value, _label in field.flatchoices]
                    self.assert_as_django(instance, field.name, [*values, "unknown", "", None])

    def test_every_model_of_the_project_with_choices_uses_it(self):
        missing = [
            model.__name__
            for model in apps.get_models()
            if model.__module__.startswith("dualcareer.")
            and any(field.choices is not None for field in model._meta.concrete_fields)
            and not issubclass(model, ChoiceLabelsModel)
        ]
        self.assertEqual(missing, [])

    def test_an_unknown_value_gives_the_value_itself(self):
        self.institution.sector = "not-a-sector"
        self.assertEqual(self.institution.get_sector_display(), "not-a-sector")
        self.institution.sector = 7  # not a string: returned as it is, as Django does
        self.assertEqual(self.institution.get_sector_display(), 7)

    def test_blank_and_none_give_what_django_gives(self):
        field = Institution._meta.get_field("service_provision")
        for value in ("", None):
            self.institution.service_provision = value
            self.assertEqual(
                self.institution.get_service_provision_display(),
                django_display(self.institution, field),
            )
        self.institution.service_provision = ""
        self.assertEqual(self.institution.get_service_provision_display(), "")
        self.institution.service_provision = None
        self.assertIsNone(self.institution.get_service_provision_display())

    def test_the_label_follows_the_language_of_each_call(self):
        with translation.override("de"):
            german = self.institution.get_sector_display()
        with translation.override("en"):
            english = self.institution.get_sector_display()
        with translation.override("de"):
            german_again = self.institution.get_sector_display()
        self.assertEqual(german, "Unternehmen")
        self.assertEqual(english, "Company")
        self.assertEqual(german_again, "Unternehmen")

    def test_the_table_is_built_once_not_per_call(self):
        field = Institution._meta.get_field("sector")
        self.assertIs(choice_labels(field), choice_labels(field))
        with mock.patch("dualcareer.core.models.flatten_choices", wraps=flatten_choices) as built:
            for sector in Sector.values * 3:
                self.institution.sector = sector
                self.institution.get_sector_display()
        self.assertEqual(built.call_count, 0)

    def test_a_call_translates_only_the_chosen_label(self):
        self.institution.get_sector_display()  # the table is built
        trans = translation._trans  # type: ignore[attr-defined]
        with (
            mock.patch.object(trans, "gettext", wraps=trans.gettext) as gettext,
            translation.override("de"),
        ):
            for _i in range(5):
                self.institution.get_sector_display()
        self.assertEqual(gettext.call_count, 5)


class ChoicesOfAnyFormTests(SimpleTestCase):
    """Fields of no model: choices from a callable, an enumeration, replaced choices."""

    def test_choices_from_a_callable_are_read_at_every_call(self):
        current: list[tuple[str, Any]] = [("a", _("Company"))]
        field = loose_field(lambda: list(current))
        thing = SimpleNamespace(kind="a")
        with translation.override("de"):
            self.assertEqual(ChoiceLabelsModel._get_FIELD_display(thing, field), "Unternehmen")
            current[:] = [("a", "Anders")]
            self.assertEqual(ChoiceLabelsModel._get_FIELD_display(thing, field), "Anders")
            self.assertEqual(django_display(thing, field), "Anders")

    def test_an_enumeration_as_choices(self):
        field = loose_field(Sector)
        thing = SimpleNamespace(kind=Sector.COMPANY)
        for language in ("de", "en"):
            with translation.override(language):
                self.assertEqual(
                    ChoiceLabelsModel._get_FIELD_display(thing, field),
                    django_display(thing, field),
                )

    def test_grouped_choices_and_unhashable_values(self):
        field = loose_field([("Group", [("a", "A"), ("b", "B")]), (("x", "y"), "XY")])
        for value, expected in (("b", "B"), (("x", "y"), "XY"), (["x", "y"], "XY"), ({}, "{}")):
            thing = SimpleNamespace(kind=value)
            with self.subTest(value=value):
                self.assertEqual(ChoiceLabelsModel._get_FIELD_display(thing, field), expected)
                self.assertEqual(django_display(thing, field), expected)

    def test_replaced_choices_give_a_new_table(self):
        field = loose_field([("a", "A")])
        thing = SimpleNamespace(kind="a")
        self.assertEqual(ChoiceLabelsModel._get_FIELD_display(thing, field), "A")
        field.choices = [("a", "Neu")]
        self.assertEqual(ChoiceLabelsModel._get_FIELD_display(thing, field), "Neu")
