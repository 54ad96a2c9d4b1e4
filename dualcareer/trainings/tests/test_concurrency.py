"""Two people take the last seat at the same moment: exactly one gets it (PostgreSQL)."""

import threading
import unittest

from django.db import connection, connections
from django.test import TransactionTestCase

from dualcareer.accounts.models import Role
from dualcareer.testing import factories as f
from dualcareer.trainings import services
from dualcareer.trainings.models import RegistrationStatus
from dualcareer.trainings.tests.factories import make_training


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "SQLite has no row locks (select_for_update is a no-op) and serialises writers itself; "
    "the parallel sign-ups need PostgreSQL",
)
class LastSeatTests(TransactionTestCase):
    # The data of the test database is restored from its serialised copy, not re-created
    # by post_migrate after the flush: a later serialised test would otherwise find the
    # content types twice (new ids on PostgreSQL). Order of the test classes then does not matter.
    serialized_rollback = True

    def test_two_parallel_sign_ups_for_the_last_seat_give_one_seat(self):
        coordinator = f.InstitutionFactory(name="Koordination")
        network = f.NetworkFactory(coordinating_institution=coordinator)
        member = f.InstitutionFactory(name="Hochschule")
        f.NetworkMembershipFactory(network=network, institution=member)
        people = []
        for name in ("anna", "bert"):
            user = f.UserFactory(email=f"{name}@example.org")
            f.InstitutionRoleFactory(user=user, institution=member, role=Role.OFFICER)
            people.append(user)
        training = make_training(network, capacity=1)
        barrier = threading.Barrier(2)
        results: dict[str, str] = {}
        errors: list[BaseException] = []

        def sign_up(user):
            try:
                barrier.wait(timeout=10)
                registration = services.registration_create(training=training, user=user)
                results[user.email] = registration.status
            except BaseException as error:  # reported below, not lost in the thread
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=sign_up, args=(user,)) for user in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        self.assertEqual(errors, [])
        self.assertEqual(
            sorted(results.values()), [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
        )
        self.assertEqual(
            training.registrations.filter(status=RegistrationStatus.CONFIRMED).count(), 1
        )
