"""The per-request memo of permission reads: same answers, one read per request, never stale."""

import contextlib
import datetime as dt
from collections import Counter

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dualcareer.accounts import permissions
from dualcareer.accounts.models import InstitutionRole, Role
from dualcareer.network.models import Network, NetworkMembership
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase

PERMS = ("case.view", "institution.edit", "opening.create", "audit.view", "knowledge.read")


def role_reads(queries: CaptureQueriesContext) -> int:
    """How many of the captured queries are the permission module's reads of a user's roles."""
    start = 'SELECT "accounts_institutionrole"."institution_id" AS "institution_id", '
    return sum(q["sql"].startswith(start) for q in queries.captured_queries)


class PermissionMemoTests(BaseTestCase):
    def tearDown(self) -> None:
        for user in (self.alice, self.cora, self.emil, self.nobody, self.paula):
            permissions.memo_end(user)

    def test_memo_gives_the_same_answers_as_the_database(self) -> None:
        for user in (self.alice, self.cora, self.emil, self.nobody, self.paula):
            expected = {perm: permissions.institution_ids_with(user, perm) for perm in PERMS}
            roles = permissions.user_roles(user)
            networks = permissions.network_ids_coordinated_by(user)
            permissions.memo_start(user)
            for _ in range(2):
                got = {perm: permissions.institution_ids_with(user, perm) for perm in PERMS}
                self.assertEqual(got, expected, user.email)
                self.assertEqual(permissions.user_roles(user), roles, user.email)
                self.assertEqual(permissions.network_ids_coordinated_by(user), networks, user.email)
            permissions.memo_end(user)

    def test_memo_reads_roles_and_members_once(self) -> None:
        permissions.memo_start(self.cora)
        with self.assertNumQueries(2):  # the roles, the coordinated network's members
            for perm in PERMS:
                permissions.institution_ids_with(self.cora, perm)
            permissions.user_roles(self.cora)

    def test_roles_held_at_an_institution_itself(self) -> None:
        # the coordinator's reach over the members does not count
        for memo in (False, True):
            with self.subTest(memo=memo):
                if memo:
                    permissions.memo_start(self.cora)
                self.assertEqual(
                    permissions.held_institution_ids(self.cora, "institution.edit"),
                    {self.coord_inst.pk},
                )
                self.assertIn(
                    self.inst.pk, permissions.institution_ids_with(self.cora, "institution.edit")
                )
                self.assertEqual(
                    permissions.held_institution_ids(self.alice, "case.view"), {self.inst.pk}
                )
                self.assertEqual(permissions.held_institution_ids(self.paula, "case.view"), set())
                self.assertEqual(permissions.held_institution_ids(self.nobody, "case.view"), set())

    def test_without_memo_every_call_reads(self) -> None:
        with self.assertNumQueries(2):
            permissions.institution_ids_with(self.alice, "case.view")
            permissions.institution_ids_with(self.alice, "case.view")

    def test_memo_ends_with_memo_end(self) -> None:
        permissions.memo_start(self.alice)
        permissions.institution_ids_with(self.alice, "case.view")
        permissions.memo_end(self.alice)
        self.assertFalse(hasattr(self.alice, permissions.MEMO_ATTRIBUTE))
        with self.assertNumQueries(1):
            permissions.institution_ids_with(self.alice, "case.view")

    def test_a_role_granted_during_the_memo_counts_at_once(self) -> None:
        permissions.memo_start(self.alice)
        self.assertEqual(permissions.institution_ids_with(self.alice, "case.view"), {self.inst.pk})
        f.InstitutionRoleFactory(user=self.alice, institution=self.other_inst, role=Role.OFFICER)
        self.assertEqual(
            permissions.institution_ids_with(self.alice, "case.view"),
            {self.inst.pk, self.other_inst.pk},
        )
        self.assertIn("officer", permissions.user_roles(self.alice))

    def test_a_role_granted_and_rolled_back_is_not_remembered(self) -> None:
        permissions.memo_start(self.alice)
        self.assertEqual(permissions.institution_ids_with(self.alice, "case.view"), {self.inst.pk})
        with contextlib.suppress(RuntimeError), transaction.atomic():
            f.InstitutionRoleFactory(
                user=self.alice, institution=self.other_inst, role=Role.OFFICER
            )
            for _ in range(2):  # inside the transaction the grant counts, read each time
                self.assertEqual(
                    permissions.institution_ids_with(self.alice, "case.view"),
                    {self.inst.pk, self.other_inst.pk},
                )
            raise RuntimeError("the view fails after the grant")
        self.assertFalse(
            InstitutionRole.objects.filter(user=self.alice, institution=self.other_inst).exists()
        )
        self.assertEqual(permissions.institution_ids_with(self.alice, "case.view"), {self.inst.pk})
        self.assertFalse(permissions.has(self.alice, "case.view", self.other_inst))

    def test_the_memo_remembers_nothing_until_the_transaction_ends(self) -> None:
        permissions.memo_start(self.alice)
        with transaction.atomic():
            f.InstitutionRoleFactory(
                user=self.alice, institution=self.other_inst, role=Role.OFFICER
            )
            with CaptureQueriesContext(connection) as inside:
                permissions.institution_ids_with(self.alice, "case.view")
                permissions.institution_ids_with(self.alice, "case.view")
        self.assertEqual(role_reads(inside), 2)
        # Committed: the memo is used again (one read for any number of checks).
        with CaptureQueriesContext(connection) as after:
            for _ in range(3):
                self.assertEqual(
                    permissions.institution_ids_with(self.alice, "case.view"),
                    {self.inst.pk, self.other_inst.pk},
                )
        self.assertEqual(role_reads(after), 1)

    def test_a_role_taken_away_during_the_memo_counts_at_once(self) -> None:
        permissions.memo_start(self.alice)
        self.assertTrue(permissions.has(self.alice, "case.view", self.inst))
        InstitutionRole.objects.filter(user=self.alice).delete()
        self.assertFalse(permissions.has(self.alice, "case.view", self.inst))
        self.assertEqual(permissions.user_roles(self.alice), set())

    def test_a_member_leaving_during_the_memo_counts_at_once(self) -> None:
        permissions.memo_start(self.cora)
        self.assertTrue(permissions.has(self.cora, "institution.edit", self.other_inst))
        membership = NetworkMembership.objects.get(institution=self.other_inst)
        membership.left_on = membership.joined_on + dt.timedelta(days=1)
        membership.save()
        self.assertFalse(permissions.has(self.cora, "institution.edit", self.other_inst))

    def test_a_new_network_during_the_memo_counts_at_once(self) -> None:
        permissions.memo_start(self.cora)
        outsider = f.InstitutionFactory(name="Universität Gamma")
        self.assertFalse(permissions.has(self.cora, "institution.edit", outsider))
        self.assertEqual(permissions.network_ids_coordinated_by(self.cora), {self.network.pk})
        second: Network = f.NetworkFactory(coordinating_institution=self.coord_inst)
        f.NetworkMembershipFactory(network=second, institution=outsider)
        self.assertTrue(permissions.has(self.cora, "institution.edit", outsider))
        self.assertEqual(
            permissions.network_ids_coordinated_by(self.cora), {self.network.pk, second.pk}
        )

    def test_network_peers_are_read_once_per_memo_and_never_stale(self) -> None:
        from dualcareer.openings.selectors import network_peer_ids

        expected = network_peer_ids({self.inst.pk})
        self.assertIn(self.other_inst.pk, expected)
        with self.assertNumQueries(2):  # without a memo: every call reads
            network_peer_ids({self.inst.pk}, user=self.alice)
            network_peer_ids({self.inst.pk}, user=self.alice)
        permissions.memo_start(self.alice)
        with self.assertNumQueries(1):
            first = network_peer_ids({self.inst.pk}, user=self.alice)
            first.add(-1)  # the caller's copy: the memo keeps its own
            self.assertEqual(network_peer_ids({self.inst.pk}, user=self.alice), expected)
        with self.assertNumQueries(1):  # other institutions: their own read
            network_peer_ids({self.other_inst.pk}, user=self.alice)
        membership = NetworkMembership.objects.get(institution=self.other_inst)
        membership.left_on = membership.joined_on + dt.timedelta(days=1)
        membership.save()
        self.assertNotIn(self.other_inst.pk, network_peer_ids({self.inst.pk}, user=self.alice))
        self.assertEqual(
            network_peer_ids({self.inst.pk}, user=self.alice), network_peer_ids({self.inst.pk})
        )

    def test_an_inactive_user_holds_nothing_even_with_a_memo(self) -> None:
        permissions.memo_start(self.alice)
        self.assertTrue(permissions.has(self.alice, "case.view"))
        self.alice.is_active = False
        self.assertFalse(permissions.has(self.alice, "case.view"))
        self.alice.is_active = True


class PermissionMemoMiddlewareTests(BaseTestCase):
    def test_a_page_reads_the_roles_once(self) -> None:
        self.client.force_login(self.cora)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse("site:dashboard"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(role_reads(queries), 1)

    def test_the_dashboard_reads_nothing_twice(self) -> None:
        for user in (self.alice, self.cora, self.emil, self.paula):
            with self.subTest(user=user.email):
                self.client.force_login(user)
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(reverse("site:dashboard"))
                self.assertEqual(response.status_code, 200)
                repeated = Counter(q["sql"] for q in queries.captured_queries)
                self.assertEqual([sql for sql, n in repeated.items() if n > 1], [])

    def test_the_memo_ends_with_the_request(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get(reverse("site:dashboard"))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(hasattr(response.wsgi_request.user, permissions.MEMO_ATTRIBUTE))

    def test_nothing_is_remembered_from_one_request_to_the_next(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(reverse("cases:list")).status_code, 200)
        InstitutionRole.objects.filter(user=self.alice).delete()
        self.assertEqual(self.client.get(reverse("cases:list")).status_code, 403)
