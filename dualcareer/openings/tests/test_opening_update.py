import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dualcareer.core.models import AuditEntry
from dualcareer.openings.models import Opening
from dualcareer.openings.services import opening_set_published, opening_update
from dualcareer.openings.tests.factories import OpeningFactory
from dualcareer.testing.base import BaseTestCase


class OpeningUpdateTests(BaseTestCase):
    def setUp(self):
        self.opening = OpeningFactory(institution=self.employer_inst, title_de="Alt")

    def test_owner_changes_text_places_and_languages(self):
        opening_update(
            user=self.emil,
            opening=self.opening,
            data={"title_de": "Neu", "title_en": "New"},
            places=[{"postcode": "45127"}, {"postcode": "44227"}],
            languages=["en"],
        )
        opening = Opening.objects.get()
        self.assertEqual((opening.title_de, opening.title_en), ("Neu", "New"))
        self.assertEqual(sorted(p.postcode for p in opening.places.all()), ["44227", "45127"])
        self.assertEqual(opening.language_list, ["en"])
        self.assertIn("new", opening.search_text)
        self.assertTrue(AuditEntry.objects.filter(action="opening.updated").exists())

    def test_invalid_change_stores_nothing(self):
        with self.assertRaises(ValidationError):
            opening_update(user=self.emil, opening=self.opening, data={"remote_share": 150})
        self.assertEqual(Opening.objects.get().remote_share, 0)

    def test_unknown_field_is_refused(self):
        with self.assertRaises(ValidationError) as raised:
            opening_update(user=self.emil, opening=self.opening, data={"institution_id": 1})
        self.assertIn("institution_id", raised.exception.message_dict)

    def test_outsiders_are_refused(self):
        for user in (self.alice, self.charlie, self.paula, self.nobody):
            with self.assertRaises(PermissionDenied):
                opening_update(user=user, opening=self.opening, data={"title_de": "X"})

    def test_withdraw_and_republish(self):
        opening_set_published(user=self.emil, opening=self.opening, published=False)
        self.assertFalse(Opening.objects.get().is_published)
        opening_set_published(user=self.emil, opening=self.opening, published=True)
        self.assertTrue(Opening.objects.get().is_published)

    def test_an_expired_opening_cannot_be_republished(self):
        self.opening.closing_date = timezone.localdate() - dt.timedelta(days=1)
        self.opening.is_published = False
        self.opening.save()
        with self.assertRaises(ValidationError):
            opening_set_published(user=self.emil, opening=self.opening, published=True)

    def test_outsider_cannot_publish(self):
        with self.assertRaises(PermissionDenied):
            opening_set_published(user=self.charlie, opening=self.opening, published=False)
