import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.core.models import AuditEntry
from dualcareer.network.models import NetworkMembership
from dualcareer.network.selectors import member_directory, network_former_members
from dualcareer.network.services import membership_leave
from dualcareer.network.tests.factories import (
    SignatureFactory,
    StatementVersionFactory,
    make_membership,
    make_network,
)
from dualcareer.testing.base import BaseTestCase


class MembershipLeaveTests(BaseTestCase):
    def setUp(self):
        self.membership = NetworkMembership.objects.get(network=self.network, institution=self.inst)
        self.signature = SignatureFactory.create(
            version=StatementVersionFactory.create(network=self.network), institution=self.inst
        )

    def test_the_officer_leaves_and_history_stays_marked_former(self):
        membership_leave(membership=self.membership, actor=self.alice, left_on=dt.date(2024, 5, 1))
        self.membership.refresh_from_db()
        self.signature.refresh_from_db()
        self.assertEqual(self.membership.left_on, dt.date(2024, 5, 1))
        self.assertEqual(self.signature.withdrawn_on, dt.date(2024, 5, 1))
        self.assertNotIn(self.inst, member_directory())
        self.assertIn(self.membership, network_former_members(network=self.network))
        entry = AuditEntry.objects.get(action="membership.ended")
        self.assertEqual(entry.data["signatures_withdrawn"], 1)

    def test_the_coordinator_may_end_a_membership(self):
        membership_leave(membership=self.membership, actor=self.cora)
        self.membership.refresh_from_db()
        self.assertIsNotNone(self.membership.left_on)

    def test_it_refuses_an_officer_of_another_institution(self):
        with self.assertRaises(PermissionDenied):
            membership_leave(membership=self.membership, actor=self.charlie)
        self.membership.refresh_from_db()
        self.assertIsNone(self.membership.left_on)

    def test_it_refuses_to_end_twice(self):
        membership_leave(membership=self.membership, actor=self.alice)
        with self.assertRaises(ValidationError):
            membership_leave(membership=self.membership, actor=self.alice)

    def test_the_coordinator_cannot_end_a_membership_in_another_network(self):
        other_network = make_network(name="Bundesnetz")
        membership = make_membership(network=other_network, institution=self.inst)
        with self.assertRaises(PermissionDenied):
            membership_leave(membership=membership, actor=self.cora)
        membership.refresh_from_db()
        self.assertIsNone(membership.left_on)
