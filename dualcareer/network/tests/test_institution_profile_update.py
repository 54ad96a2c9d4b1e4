from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.core.models import AuditEntry
from dualcareer.network.services import institution_profile_update
from dualcareer.testing.base import BaseTestCase


class InstitutionProfileUpdateTests(BaseTestCase):
    def test_the_officer_updates_services_and_the_postcode_moves_the_marker(self):
        institution = institution_profile_update(
            institution=self.inst,
            actor=self.alice,
            values={
                "postcode": "45128",
                "city": "Essen",
                "offers_family_service": True,
                "counselling_languages": ["de", "tr"],
            },
        )
        self.assertEqual(institution.postcode, "45128")
        self.assertAlmostEqual(float(institution.latitude), 51.4457, places=2)
        self.assertTrue(institution.offers_family_service)
        self.assertEqual(institution.counselling_languages, ["de", "tr"])

    def test_it_writes_an_audit_entry_naming_the_changed_fields(self):
        institution_profile_update(
            institution=self.inst, actor=self.alice, values={"offers_family_service": True}
        )
        entry = AuditEntry.objects.get(action="institution.profile_updated")
        self.assertEqual(entry.data, {"fields": ["offers_family_service"]})
        self.assertEqual(entry.institution_id, self.inst.pk)

    def test_the_coordinator_may_edit_a_member(self):
        institution_profile_update(institution=self.inst, actor=self.cora, values={"city": "Herne"})
        self.inst.refresh_from_db()
        self.assertEqual(self.inst.city, "Herne")

    def test_it_refuses_an_officer_of_another_institution(self):
        with self.assertRaises(PermissionDenied):
            institution_profile_update(
                institution=self.inst, actor=self.charlie, values={"city": "Herne"}
            )
        self.inst.refresh_from_db()
        self.assertEqual(self.inst.city, "Bochum")

    def test_it_refuses_an_unknown_postcode(self):
        with self.assertRaises(ValidationError) as caught:
            institution_profile_update(
                institution=self.inst, actor=self.alice, values={"postcode": "99999"}
            )
        self.assertIn("postcode", caught.exception.error_dict)

    def test_it_refuses_script_in_the_description(self):
        with self.assertRaises(ValidationError) as caught:
            institution_profile_update(
                institution=self.inst,
                actor=self.alice,
                values={"description_en": 'Hi <script>alert("x")</script>'},
            )
        self.assertIn("description_en", caught.exception.error_dict)
        self.inst.refresh_from_db()
        self.assertEqual(self.inst.description_en, "")

    def test_it_refuses_an_unknown_counselling_language(self):
        with self.assertRaises(ValidationError):
            institution_profile_update(
                institution=self.inst, actor=self.alice, values={"counselling_languages": ["xx"]}
            )
