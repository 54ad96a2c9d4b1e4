"""The test base class with its personas.

Every test class that touches permissions derives from BaseTestCase and
meets the same people:

- alice: Dual Career officer at `inst` (the institution under test)
- bob: officer at the same institution (a colleague)
- charlie: officer at `other_inst`, another member: the outsider to refuse
- cora: network coordinator at `coord_inst`, which coordinates `network`
  (of which `inst` and `other_inst` are members)
- emil: employer contact at `employer_inst`, a company in the network
- paula: a partner (client); `nobody`: a logged-in user with no role
"""

from typing import Any

from django.test import TestCase

from dualcareer.accounts.models import Role, User
from dualcareer.network.models import Institution, Network, Sector
from dualcareer.testing import factories as f


class BaseTestCase(TestCase):
    coord_inst: Institution
    network: Network
    inst: Institution
    other_inst: Institution
    employer_inst: Institution
    alice: User
    bob: User
    charlie: User
    cora: User
    emil: User
    paula: User
    nobody: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.coord_inst = f.InstitutionFactory(
            name="Regionalverband Test", sector=Sector.REGIONAL_ASSOCIATION, city="Essen"
        )
        cls.network = f.NetworkFactory(coordinating_institution=cls.coord_inst)
        cls.inst = f.InstitutionFactory(name="Universität Alpha", city="Bochum")
        cls.other_inst = f.InstitutionFactory(name="Universität Beta", city="Dortmund")
        cls.employer_inst = f.InstitutionFactory(
            name="Beispiel GmbH", sector=Sector.COMPANY, city="Essen"
        )
        for institution in (cls.coord_inst, cls.inst, cls.other_inst, cls.employer_inst):
            f.NetworkMembershipFactory(network=cls.network, institution=institution)

        cls.alice = cls.make_user("alice", cls.inst, Role.OFFICER)
        cls.bob = cls.make_user("bob", cls.inst, Role.OFFICER)
        cls.charlie = cls.make_user("charlie", cls.other_inst, Role.OFFICER)
        cls.cora = cls.make_user("cora", cls.coord_inst, Role.COORDINATOR)
        cls.emil = cls.make_user("emil", cls.employer_inst, Role.EMPLOYER)
        cls.paula = f.PartnerUserFactory(email="paula@example.org", first_name="Paula")
        cls.nobody = f.UserFactory(email="nobody@example.org", first_name="Nobody")

    @classmethod
    def make_user(cls, name: str, institution: Any, role: str) -> Any:
        user = f.UserFactory(email=f"{name}@example.org", first_name=name.capitalize())
        f.InstitutionRoleFactory(user=user, institution=institution, role=role)
        return user
