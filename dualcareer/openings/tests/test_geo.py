"""Postcodes and distances for places of work and the radius filter."""

from django.test import SimpleTestCase

from dualcareer.openings import geo


class GeoTests(SimpleTestCase):
    def test_postcode_point_of_a_real_postcode(self) -> None:
        point = geo.postcode_point("44227")
        assert point is not None
        self.assertEqual(point.place, "Dortmund")
        self.assertAlmostEqual(point.latitude, 51.44, delta=0.1)

    def test_unknown_or_malformed_postcodes_give_none(self) -> None:
        for code in ("00000", "4480", "abcde", ""):
            with self.subTest(code=code):
                self.assertIsNone(geo.postcode_point(code))

    def test_distance_and_bounding_box_between_bochum_and_dortmund(self) -> None:
        bochum, dortmund = geo.postcode_point("44801"), geo.postcode_point("44227")
        assert bochum is not None and dortmund is not None
        km = geo.distance_km(
            bochum.latitude, bochum.longitude, dortmund.latitude, dortmund.longitude
        )
        self.assertAlmostEqual(km, 17, delta=3)
        min_lat, max_lat, min_lon, max_lon = geo.bounding_box(bochum, km + 1)
        self.assertTrue(min_lat <= dortmund.latitude <= max_lat)
        self.assertTrue(min_lon <= dortmund.longitude <= max_lon)
