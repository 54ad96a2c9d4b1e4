"""The employer never receives identifying fields before the partner agrees to reveal."""

from django.urls import reverse

from dualcareer.cases.models import (
    IDENTIFYING_FIELDS,
    PROFESSIONAL_FIELDS,
    SYSTEM_FIELDS,
    PartnerProfile,
)
from dualcareer.exchange.selectors import (
    REVEALED_FIELDS,
    employer_profile,
    introduction_for_employer,
    introductions_for_employer,
)
from dualcareer.exchange.services import introduction_create, introduction_reveal
from dualcareer.openings.tests.factories import OpeningFactory, make_case, withdraw
from dualcareer.testing.base import BaseTestCase


def field_values(profile):
    """Every identifying value of the profile as text that must not leak."""
    values = {}
    for name in IDENTIFYING_FIELDS:
        value = getattr(profile, name)
        if value:
            values[name] = str(value.isoformat() if hasattr(value, "isoformat") else value)
    return values


class EmployerProfileTests(BaseTestCase):
    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.profile = PartnerProfile.objects.get(case=self.case)
        self.opening = OpeningFactory(institution=self.employer_inst)
        self.introduction = introduction_create(
            user=self.alice, case=self.case, opening=self.opening
        )

    def test_every_profile_field_is_classified(self):
        # A new field must be declared identifying, professional or system,
        # or this test fails (and nobody ships it to employers by accident).
        classified = set(IDENTIFYING_FIELDS) | set(PROFESSIONAL_FIELDS) | set(SYSTEM_FIELDS)
        for field in PartnerProfile._meta.get_fields():
            if field.concrete:
                self.assertIn(field.name, classified, f"unclassified profile field {field.name}")

    def test_no_identifying_field_before_reveal(self):
        data = employer_profile(self.introduction)
        for field in PartnerProfile._meta.get_fields():
            if not field.concrete:
                continue
            if field.name in PROFESSIONAL_FIELDS and field.name not in IDENTIFYING_FIELDS:
                self.assertIn(field.name, data)
            else:
                self.assertNotIn(field.name, data, f"{field.name} reached the employer")

    def test_no_identifying_value_on_the_employer_page_before_reveal(self):
        self.client.force_login(self.emil)
        url = reverse("exchange:introduction_employer", args=[self.introduction.public_id])
        html = self.client.get(url).content.decode()
        self.assertIn("Massenspektrometrie", html)  # the professional profile is there
        for name, value in field_values(self.profile).items():
            self.assertNotIn(value, html, f"{name} leaked to the employer")
        self.assertNotIn("Rita Berufen", html)  # nor the recruited person

    def test_after_reveal_name_and_contact_only(self):
        introduction_reveal(user=self.paula, introduction=self.introduction, agree=True)
        data = employer_profile(self.introduction)
        for name in REVEALED_FIELDS:
            self.assertEqual(data[name], getattr(self.profile, name))
        for name in set(IDENTIFYING_FIELDS) - set(REVEALED_FIELDS):
            self.assertNotIn(name, data)

    def test_withdrawing_consent_hides_the_profile_at_once(self):
        self.assertEqual(len(introductions_for_employer(user=self.emil)), 1)
        withdraw(self.case, "employers")
        self.assertEqual(introductions_for_employer(user=self.emil), [])
        self.assertIsNone(
            introduction_for_employer(user=self.emil, public_id=self.introduction.public_id)
        )
        self.client.force_login(self.emil)
        url = reverse("exchange:introduction_employer", args=[self.introduction.public_id])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_other_employers_and_officers_do_not_see_it(self):
        for outsider in (self.charlie, self.alice, self.paula, self.nobody):
            self.assertIsNone(
                introduction_for_employer(user=outsider, public_id=self.introduction.public_id)
            )
