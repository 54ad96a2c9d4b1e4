"""With an empty or thin profile the matching pages say what to add, not a 16-20 % list."""

from django.urls import reverse

from dualcareer.cases.selectors import matching_gaps
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing.base import BaseTestCase


class MatchingGapsTests(BaseTestCase):
    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.profile = self.case.profile
        OpeningFactory(institution=self.employer_inst)

    def test_a_filled_profile_has_no_gaps(self):
        self.assertEqual(matching_gaps(profile=self.profile), ([], False))

    def test_an_empty_profile_is_too_thin_and_names_what_to_add(self):
        for name in ("desired_positions", "professional_field", "skills", "work_places"):
            setattr(self.profile, name, "")
        self.profile.languages = []
        self.profile.save()
        gaps, too_thin = matching_gaps(profile=self.profile)
        self.assertTrue(too_thin)
        self.assertIn("Gewünschte Positionen", gaps)
        self.assertEqual(len(gaps), 5)

    def test_the_pages_explain_instead_of_listing(self):
        for name in ("desired_positions", "professional_field", "skills"):
            setattr(self.profile, name, "")
        self.profile.save()
        self.client.force_login(self.alice)
        response = self.client.get(reverse("openings:case_matches", args=[self.case.public_id]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["ranked"], [])
        self.assertContains(response, 'id="matching-gaps"')
        self.assertContains(response, reverse("cases:profile_edit", args=[self.case.public_id]))
        self.assertNotContains(response, "card-list")
        self.client.force_login(self.paula)
        response = self.client.get(reverse("openings:my_matches"))
        self.assertContains(response, reverse("cases:my_profile"))
        self.assertNotContains(response, "card-list")

    def test_outsiders_are_refused(self):
        url = reverse("openings:case_matches", args=[self.case.public_id])
        for user in (self.charlie, self.emil, self.nobody):
            self.client.force_login(user)
            self.assertIn(self.client.get(url).status_code, (403, 404))
