from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.core.models import AuditEntry
from dualcareer.openings.models import Opening
from dualcareer.openings.services import opening_create
from dualcareer.testing.base import BaseTestCase

DATA = {
    "title_de": "Referentin oder Referent für Forschungsförderung",
    "description_de": "Beratung von Forschenden bei Anträgen.",
    "occupation_field": "administration",
    "working_time": "part_time",
    "contract_type": "permanent",
    "visibility": "network",
    "remote_share": 40,
}


class OpeningCreateTests(BaseTestCase):
    def test_employer_contact_creates_opening_with_places_and_coordinates(self):
        opening = opening_create(
            user=self.emil,
            institution=self.employer_inst,
            data=DATA,
            places=[{"postcode": "44227"}, {"postcode": "45127", "city": "Essen"}],
            languages=["en", "de"],
        )
        self.assertEqual(opening.places.count(), 2)
        first = opening.places.get(postcode="44227")
        assert first.latitude is not None
        self.assertAlmostEqual(first.latitude, 51.49, delta=0.1)
        self.assertEqual(opening.language_list, ["de", "en"])
        self.assertIn("forschungsförderung", opening.search_text)
        self.assertIsNotNone(opening.published_at)

    def test_it_writes_an_audit_entry_without_free_text(self):
        opening = opening_create(
            user=self.alice, institution=self.inst, data=DATA, places=[{"postcode": "44801"}]
        )
        entry = AuditEntry.objects.get(action="opening.created")
        self.assertEqual(entry.data["opening"], str(opening.public_id))
        self.assertNotIn("Referentin", str(entry.data))

    def test_it_refuses_an_officer_of_another_institution(self):
        with self.assertRaises(PermissionDenied):
            opening_create(
                user=self.charlie, institution=self.inst, data=DATA, places=[{"postcode": "44801"}]
            )
        self.assertFalse(Opening.objects.exists())

    def test_it_refuses_a_partner_and_a_user_without_role(self):
        for user in (self.paula, self.nobody):
            with self.assertRaises(PermissionDenied):
                opening_create(user=user, institution=self.inst, data=DATA, places=[])

    def test_it_requires_a_place_unless_fully_remote(self):
        with self.assertRaises(ValidationError) as raised:
            opening_create(user=self.alice, institution=self.inst, data=DATA, places=[])
        self.assertIn("places", raised.exception.message_dict)
        opening = opening_create(
            user=self.alice, institution=self.inst, data={**DATA, "remote_share": 100}, places=[]
        )
        self.assertEqual(opening.places.count(), 0)

    def test_it_rejects_a_malformed_postcode_and_stores_nothing(self):
        with self.assertRaises(ValidationError) as raised:
            opening_create(
                user=self.alice, institution=self.inst, data=DATA, places=[{"postcode": "4480"}]
            )
        self.assertIn("places", raised.exception.message_dict)
        self.assertFalse(Opening.objects.exists())

    def test_it_rejects_an_inverted_salary_band(self):
        with self.assertRaises(ValidationError) as raised:
            opening_create(
                user=self.alice,
                institution=self.inst,
                data={**DATA, "salary_min": 60000, "salary_max": 50000},
                places=[{"postcode": "44801"}],
            )
        self.assertIn("salary_max", raised.exception.message_dict)

    def test_it_rejects_a_duplicate_reference_of_the_same_employer(self):
        opening_create(
            user=self.alice,
            institution=self.inst,
            data={**DATA, "reference": "A-1"},
            places=[{"postcode": "44801"}],
        )
        with self.assertRaises(ValidationError) as raised:
            opening_create(
                user=self.bob,
                institution=self.inst,
                data={**DATA, "reference": "A-1"},
                places=[{"postcode": "44801"}],
            )
        self.assertIn("reference", raised.exception.message_dict)

    def test_it_needs_a_title_in_one_language(self):
        with self.assertRaises(ValidationError) as raised:
            opening_create(
                user=self.alice,
                institution=self.inst,
                data={**DATA, "title_de": ""},
                places=[{"postcode": "44801"}],
            )
        self.assertIn("title_de", raised.exception.message_dict)

    def test_it_rejects_unknown_language_codes(self):
        with self.assertRaises(ValidationError):
            opening_create(
                user=self.alice,
                institution=self.inst,
                data=DATA,
                places=[{"postcode": "44801"}],
                languages=["xx"],
            )
