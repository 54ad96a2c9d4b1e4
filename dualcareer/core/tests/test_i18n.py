"""in_active_language: content in the reader's language, the other one as fallback."""

from django.test import SimpleTestCase
from django.utils import translation

from dualcareer.core.i18n import in_active_language


class InActiveLanguageTests(SimpleTestCase):
    def test_it_picks_the_active_language(self) -> None:
        with translation.override("en"):
            self.assertEqual(in_active_language("Stelle", "Job"), "Job")
        with translation.override("de"):
            self.assertEqual(in_active_language("Stelle", "Job"), "Stelle")

    def test_it_falls_back_to_the_other_language(self) -> None:
        with translation.override("en"):
            self.assertEqual(in_active_language("Stelle", ""), "Stelle")
        with translation.override("de"):
            self.assertEqual(in_active_language("", "Job"), "Job")
