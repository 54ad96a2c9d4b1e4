from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from dualcareer.network.geo import postcode_lookup
from dualcareer.network.validation import name_key, validate_german_postcode, validate_plain_text


class PostcodeTests(SimpleTestCase):
    def test_a_known_postcode_has_a_place_and_coordinates(self):
        place = postcode_lookup("44801")
        assert place is not None
        self.assertEqual(place.place, "Bochum")
        self.assertTrue(51 < place.latitude < 52)
        self.assertTrue(7 < place.longitude < 8)

    def test_malformed_and_unknown_postcodes(self):
        for value in ("", "4480", "448011", "abcde", "00000", " 44801x"):
            self.assertIsNone(postcode_lookup(value), value)
            with self.assertRaises(ValidationError):
                validate_german_postcode(value)


class PlainTextTests(SimpleTestCase):
    def test_ordinary_text_passes(self):
        for value in (
            "Dual Career & Family Service",
            "a < b",
            "Bonn",
            "Preis: 5 €",
            "E-Mail: x@y.de",
        ):
            validate_plain_text(value)

    def test_markup_and_scripts_are_refused(self):
        for value in (
            "<script>",
            "</p>",
            "<!-- x -->",
            "javascript:alert(1)",
            "x onerror=1",
            "&#60;script",
            "bad\x00byte",
        ):
            with self.assertRaises(ValidationError, msg=value):
                validate_plain_text(value)


class NameKeyTests(SimpleTestCase):
    def test_case_accents_and_punctuation_are_ignored(self):
        self.assertEqual(
            name_key("Universität  Duisburg-Essen"), name_key("universitat duisburg essen")
        )
        self.assertEqual(name_key("Straße GmbH"), name_key("STRASSE G.m.b.H."))
        self.assertNotEqual(name_key("Hochschule Bochum"), name_key("Hochschule Dortmund"))
