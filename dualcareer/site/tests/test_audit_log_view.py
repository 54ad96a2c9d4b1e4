"""The audit log page: coordinators read their network's, officers their institution's."""

from dualcareer.core import audit
from dualcareer.network.models import Institution
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase


class AuditLogViewTests(BaseTestCase):
    url = "/audit/"
    stranger: Institution

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.stranger = f.InstitutionFactory(name="Fremde Hochschule")
        audit.log(cls.inst, "institution.updated", actor=cls.alice, data={"marker": "alpha"})
        audit.log(cls.other_inst, "institution.updated", actor=cls.charlie, data={"marker": "beta"})
        audit.log(cls.stranger, "institution.updated", data={"marker": "gamma"})

    def targets(self) -> set[str]:
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return {entry.data["marker"] for entry in response.context["entries"]}

    def test_coordinator_reads_the_entries_of_the_networks_members(self) -> None:
        self.client.force_login(self.cora)
        self.assertEqual(self.targets(), {"alpha", "beta"})

    def test_officer_reads_only_their_own_institutions_entries(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.targets(), {"alpha"})

    def test_employer_and_partner_read_nothing(self) -> None:
        for user in (self.emil, self.paula, self.nobody):
            self.client.force_login(user)
            with self.subTest(user=user.email):
                self.assertEqual(self.targets(), set())

    def test_anonymous_is_sent_to_login(self) -> None:
        response = self.client.get(self.url)
        self.assertRedirects(
            response, "/accounts/login/?next=/audit/", fetch_redirect_response=False
        )
