"""The anonymised profile (for employers) never contains identifying fields."""

from dualcareer.cases.models import (
    IDENTIFYING_FIELDS,
    PROFESSIONAL_FIELDS,
    SYSTEM_FIELDS,
    PartnerProfile,
)
from dualcareer.cases.tests.helpers import CaseTestCase


class ProfileAnonymisedTests(CaseTestCase):
    def test_every_field_is_classified(self):
        names = {f.name for f in PartnerProfile._meta.concrete_fields}
        classified = set(IDENTIFYING_FIELDS) | set(PROFESSIONAL_FIELDS) | set(SYSTEM_FIELDS)
        self.assertEqual(names - classified, set(), "classify the new field")
        self.assertEqual(set(IDENTIFYING_FIELDS) & set(PROFESSIONAL_FIELDS), set())

    def test_anonymised_returns_professional_fields_only(self):
        profile = self.case.profile
        profile.professional_field = "Chemistry"
        data = profile.anonymised()
        self.assertEqual(set(data), set(PROFESSIONAL_FIELDS))
        self.assertEqual(data["professional_field"], "Chemistry")
        for value in ("Paula", "Partner", "paula@example.org"):
            self.assertNotIn(value, str(data))
