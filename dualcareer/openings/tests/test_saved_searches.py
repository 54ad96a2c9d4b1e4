from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dualcareer.openings.models import SavedSearch
from dualcareer.openings.services import saved_search_create, saved_search_delete
from dualcareer.testing.base import BaseTestCase


class SavedSearchTests(BaseTestCase):
    def test_saving_from_the_list_keeps_the_filters(self):
        self.client.force_login(self.paula)
        response = self.client.post(
            reverse("openings:saved_search_create"),
            {
                "name": "Labor in Bochum",
                "alerts_enabled": "on",
                "q": "labor",
                "postcode": "44801",
                "radius_km": "25",
                "field": "nonsense",
            },
        )
        self.assertRedirects(response, reverse("openings:saved_searches"))
        search = SavedSearch.objects.get()
        self.assertEqual(search.params, {"q": "labor", "postcode": "44801", "radius_km": 25})
        self.assertTrue(search.alerts_enabled)

    def test_a_name_is_required(self):
        with self.assertRaises(ValidationError):
            saved_search_create(user=self.paula, name=" ", params={})

    def test_anonymous_cannot_save(self):
        response = self.client.post(reverse("openings:saved_search_create"), {"name": "x"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(SavedSearch.objects.exists())

    def test_only_the_owner_sees_and_deletes(self):
        search = saved_search_create(user=self.paula, name="Meine", params={})
        with self.assertRaises(PermissionDenied):
            saved_search_delete(user=self.alice, search=search)
        self.client.force_login(self.alice)
        page = self.client.get(reverse("openings:saved_searches"))
        self.assertNotContains(page, "Meine")
        response = self.client.post(
            reverse("openings:saved_searches"), {"search": search.public_id}
        )
        self.assertEqual(response.status_code, 404)
        self.client.force_login(self.paula)
        self.client.post(reverse("openings:saved_searches"), {"search": search.public_id})
        self.assertFalse(SavedSearch.objects.exists())
