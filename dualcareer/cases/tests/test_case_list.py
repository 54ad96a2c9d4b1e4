from dualcareer.cases.selectors import case_list
from dualcareer.cases.tests.factories import CaseFactory
from dualcareer.cases.tests.helpers import CaseTestCase


class CaseListTests(CaseTestCase):
    def test_it_lists_only_the_own_institutions_cases(self):
        foreign = CaseFactory(institution=self.other_inst)
        self.assertIn(self.case, case_list(user=self.alice))
        self.assertNotIn(foreign, case_list(user=self.alice))
        self.assertEqual(list(case_list(user=self.charlie)), [foreign])

    def test_it_lists_nothing_for_coordinator_employer_partner(self):
        for user in (self.cora, self.emil, self.paula, self.nobody):
            with self.subTest(user=user.email):
                self.assertFalse(case_list(user=user).exists())

    def test_confidential_cases_are_listed_for_assigned_officers_only(self):
        secret = self.open_case(confidential=True)
        self.assertIn(secret, case_list(user=self.alice))
        self.assertNotIn(secret, case_list(user=self.bob))

    def test_a_case_with_several_officers_is_listed_once_with_its_exact_overdue_count(self):
        import datetime as dt

        from django.utils import timezone

        from dualcareer.testing import factories as f

        carla = f.UserFactory(email="carla@example.org")
        f.InstitutionRoleFactory(user=carla, institution=self.inst, role="officer")
        for confidential in (True, False):
            case = self.open_case(
                confidential=confidential,
                opened_on=timezone.localdate() - dt.timedelta(days=30),
            )
            case.assigned_officers.add(self.bob, carla)
            overdue = case.tasks.filter(done_at__isnull=True, due_on__lt=timezone.localdate())
            self.assertGreaterEqual(overdue.count(), 2)
            first = overdue.first()
            assert first is not None
            first.done_at = timezone.now()  # done tasks are not counted
            first.save()
            for user in (self.alice, self.bob, carla):
                with self.subTest(user=user.email, confidential=confidential):
                    listed = [c for c in case_list(user=user) if c.pk == case.pk]
                    self.assertEqual(len(listed), 1)
                    self.assertEqual(listed[0].overdue_count, overdue.count())  # type: ignore[attr-defined]
                    self.assertEqual(case_list(user=user).filter(pk=case.pk).count(), 1)

    def test_it_filters_by_status_and_counts_overdue_tasks(self):
        import datetime as dt

        from django.utils import timezone

        old = self.open_case(opened_on=timezone.localdate() - dt.timedelta(days=30))
        listed = {c.pk: c.overdue_count for c in case_list(user=self.alice, status="inquiry")}  # type: ignore[attr-defined]
        self.assertGreaterEqual(listed[old.pk], 2)  # first contact, intake talk
        self.assertEqual(listed[self.case.pk], 0)
        self.assertFalse(case_list(user=self.alice, status="closed").exists())

    def test_the_number_of_queries_does_not_grow_with_the_cases(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                for case in case_list(user=self.alice):
                    _ = (case.profile.full_name, list(case.assigned_officers.all()))
            return len(ctx.captured_queries)

        few = count()
        for _ in range(10):
            self.open_case()
        self.assertEqual(count(), few)
