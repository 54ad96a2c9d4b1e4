"""profile_rows: the anonymised profile as readable rows, codes shown by their labels."""

from django.test import SimpleTestCase
from django.utils import translation

from dualcareer.exchange.selectors import profile_rows


class ProfileRowsTests(SimpleTestCase):
    def test_sectors_and_languages_are_shown_by_their_labels(self) -> None:
        data = {
            "desired_sectors": ["university", "research_institute"],
            "languages": [{"language": "de", "level": "B2"}],
            "radius_km": 40,
            "skills": "",
        }
        with translation.override("en"):
            rows = dict(profile_rows(data))
        texts = " | ".join(rows.values())
        self.assertIn("University, Research institute", texts)
        self.assertNotIn("research_institute", texts)
        self.assertIn("40 km", texts)
        self.assertEqual(len(rows), 3)  # the empty field is left out
