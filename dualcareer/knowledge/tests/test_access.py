"""Who counts as a member for the knowledge pages (`knowledge.access`), with and without
the per-request permission memo: the same answers, read once per request, never stale."""

import datetime as dt

from dualcareer.accounts import permissions
from dualcareer.knowledge import access
from dualcareer.network.models import NetworkMembership
from dualcareer.testing.base import BaseTestCase


class KnowledgeAccessTests(BaseTestCase):
    def tearDown(self) -> None:
        for user in (self.alice, self.cora, self.emil, self.paula, self.nobody):
            permissions.memo_end(user)

    def test_readers_and_own_institutions(self) -> None:
        members = {self.inst.pk, self.other_inst.pk, self.employer_inst.pk, self.coord_inst.pk}
        current = set(NetworkMembership.objects.current().values_list("institution_id", flat=True))
        cases = [
            # (user, read through any role, written in one's own name)
            (self.alice, {self.inst.pk}, {self.inst.pk}),
            # the coordinator reads with the members, but writes for the coordinating body only
            (self.cora, members & current, {self.coord_inst.pk} & current),
            (self.paula, set(), set()),
            (self.nobody, set(), set()),
        ]
        for user, readers, own in cases:
            for memo in (False, True):
                with self.subTest(user=user.email, memo=memo):
                    if memo:
                        permissions.memo_start(user)
                    self.assertEqual(access.reader_institution_ids(user), readers)
                    self.assertEqual(access.own_institution_ids(user, "knowledge.comment"), own)

    def test_members_are_read_once_per_request(self) -> None:
        permissions.memo_start(self.alice)
        with self.assertNumQueries(2):  # the roles, the memberships
            for _ in range(3):
                access.reader_institution_ids(self.alice)
                access.own_institution_ids(self.alice, "knowledge.comment")
                access.is_member(self.alice)

    def test_a_membership_ending_during_the_request_counts_at_once(self) -> None:
        permissions.memo_start(self.alice)
        self.assertTrue(access.is_member(self.alice))
        membership = NetworkMembership.objects.get(institution=self.inst)
        membership.left_on = membership.joined_on + dt.timedelta(days=1)
        membership.save()
        self.assertFalse(access.is_member(self.alice))
        self.assertEqual(access.own_institution_ids(self.alice, "knowledge.comment"), set())
