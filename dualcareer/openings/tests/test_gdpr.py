from dualcareer.cases.gdpr import partner_export
from dualcareer.openings.services import saved_search_create
from dualcareer.openings.signals import EXPORT_EXCLUDED, EXPORTED_FIELDS
from dualcareer.openings.tests.factories import make_case
from dualcareer.testing.base import BaseTestCase


class SavedSearchExportTests(BaseTestCase):
    """The partner's own export holds their saved searches; an officer's export does not."""

    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        saved_search_create(user=self.paula, name="Labor Bochum", params={"q": "Labor"})
        saved_search_create(user=self.alice, name="Alices Suche", params={"q": "x"})

    def test_the_partners_own_export_holds_their_saved_searches_only(self):
        records = partner_export(case=self.case, actor=self.paula)["other_records"]
        self.assertEqual(
            [(s["name"], s["params"]) for s in records["openings.savedsearch"]],
            [("Labor Bochum", {"q": "Labor"})],
        )
        officer_records = partner_export(case=self.case, actor=self.alice)["other_records"]
        self.assertNotIn("openings.savedsearch", officer_records)

    def test_every_field_of_the_contributed_records_is_exported_or_explicitly_excluded(self):
        for model, exported in EXPORTED_FIELDS.items():
            excluded = set(EXPORT_EXCLUDED[model])
            names = {f.name for f in model._meta.concrete_fields}
            with self.subTest(model=model.__name__):
                self.assertEqual(set(exported) | excluded, names)
                self.assertFalse(set(exported) & excluded)
