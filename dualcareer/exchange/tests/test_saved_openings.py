"""The partner's own list of saved openings."""

from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.core.models import AuditEntry
from dualcareer.exchange.models import SavedOpening
from dualcareer.exchange.selectors import partner_opening_states, saved_openings_for_partner
from dualcareer.exchange.services import opening_save, opening_unsave
from dualcareer.openings.models import Visibility
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase


class SavedOpeningTests(BaseTestCase):
    def setUp(self):
        self.case = make_case(self.inst, self.paula)
        self.opening = OpeningFactory(institution=self.employer_inst)

    def test_save_is_idempotent_listed_and_unsave_removes_it(self):
        _saved, created = opening_save(user=self.paula, opening=self.opening)
        self.assertTrue(created)
        self.assertFalse(opening_save(user=self.paula, opening=self.opening)[1])
        self.assertEqual(
            [s.opening for s in saved_openings_for_partner(user=self.paula)], [self.opening]
        )
        self.assertTrue(saved_openings_for_partner(user=self.paula)[0].is_available)
        self.assertEqual(partner_opening_states(user=self.paula)["saved"], {self.opening.pk})
        self.assertTrue(opening_unsave(user=self.paula, opening=self.opening))
        self.assertFalse(opening_unsave(user=self.paula, opening=self.opening))
        self.assertEqual(saved_openings_for_partner(user=self.paula), [])
        actions = list(AuditEntry.objects.values_list("action", flat=True))
        self.assertEqual(actions.count("opening.saved"), 1)
        self.assertEqual(actions.count("opening.unsaved"), 1)

    def test_states_with_the_case_already_read_need_no_case_query(self):
        opening_save(user=self.paula, opening=self.opening)
        read_here = partner_opening_states(user=self.paula)
        with self.assertNumQueries(3):  # saved, interested, introduced; no case
            given = partner_opening_states(user=self.paula, case=self.case)
        self.assertEqual(given, read_here)
        self.assertEqual(
            partner_opening_states(user=self.paula, case=None),
            {"saved": set(), "interested": set(), "introduced": set()},
        )
        other = f.PartnerUserFactory(email="pia@example.org")
        with self.assertRaises(ValueError):  # never the states of another partner's case
            partner_opening_states(user=other, case=self.case)

    def test_an_opening_withdrawn_later_stays_listed_as_no_longer_available(self):
        opening_save(user=self.paula, opening=self.opening)
        self.opening.is_published = False
        self.opening.save()
        (item,) = saved_openings_for_partner(user=self.paula)
        self.assertFalse(item.is_available)

    def test_an_invisible_opening_cannot_be_saved(self):
        hidden = OpeningFactory(institution=self.other_inst, visibility=Visibility.OFFICERS)
        with self.assertRaises(ValidationError):
            opening_save(user=self.paula, opening=hidden)

    def test_outsiders_are_refused_and_see_nothing(self):
        opening_save(user=self.paula, opening=self.opening)
        for outsider in (self.alice, self.charlie, self.emil, self.nobody):
            with self.subTest(user=outsider.email):
                with self.assertRaises(PermissionDenied):
                    opening_save(user=outsider, opening=self.opening)
                with self.assertRaises(PermissionDenied):
                    opening_unsave(user=outsider, opening=self.opening)
                self.assertEqual(saved_openings_for_partner(user=outsider), [])
        self.assertEqual(SavedOpening.objects.count(), 1)
