"""Employers set the level required for each language of an opening; matching uses it."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from dualcareer.openings import services
from dualcareer.openings.matchmaking.adapter import REQUIRED_LEVEL, opening_to_engine
from dualcareer.openings.models import Opening
from dualcareer.openings.tests.factories import OpeningFactory
from dualcareer.openings.tests.test_views_openings import FORM
from dualcareer.testing.base import BaseTestCase


class OpeningLanguageLevelTests(BaseTestCase):
    def post(self, **extra):
        self.client.force_login(self.emil)
        return self.client.post(
            reverse("openings:create"), {**FORM, "institution": self.employer_inst.pk, **extra}
        )

    def test_the_form_stores_a_level_per_language_and_the_page_shows_it(self):
        response = self.post(languages_required=["de", "en"], level_de="C1")
        opening = Opening.objects.get()
        self.assertRedirects(response, reverse("openings:detail", args=[opening.public_id]))
        self.assertEqual(opening.language_list, ["de", "en"])
        self.assertEqual(opening.language_levels, {"de": "C1"})
        page = self.client.get(reverse("openings:detail", args=[opening.public_id]))
        self.assertContains(page, "Deutsch (C1)")

    def test_a_level_makes_its_language_required(self):
        self.post(languages_required=[], level_en="B2")
        opening = Opening.objects.get()
        self.assertEqual((opening.language_list, opening.language_levels), (["en"], {"en": "B2"}))

    def test_an_unknown_level_is_a_form_error_not_a_500(self):
        response = self.post(languages_required=["de"], level_de="Z9")
        self.assertEqual(response.status_code, 200)
        self.assertIn("level_de", response.context["form"].errors)
        self.assertFalse(Opening.objects.exists())

    def test_the_service_refuses_unknown_levels_by_field(self):
        opening = OpeningFactory(institution=self.employer_inst)
        with self.assertRaises(ValidationError) as caught:
            services.opening_update(
                user=self.emil,
                opening=opening,
                data={},
                languages=["de"],
                language_levels={"de": "fluent"},
            )
        self.assertIn("level_de", caught.exception.error_dict)

    def test_matching_reads_the_level_and_assumes_b2_without_one(self):
        opening = OpeningFactory(institution=self.employer_inst)
        opening.set_languages(["de", "en"], {"de": "C2"})
        opening.save()
        levels = {item.language: item.level for item in opening_to_engine(opening).languages}
        self.assertEqual(levels, {"de": "C2", "en": REQUIRED_LEVEL})

    def test_levels_of_languages_no_longer_required_are_dropped(self):
        opening = OpeningFactory(institution=self.employer_inst)
        opening.set_languages(["de", "en"], {"de": "C1", "en": "A2"})
        opening.set_languages(["en"])
        self.assertEqual(opening.language_levels, {"en": "A2"})
