"""selectors.training_figures: what the statistics app reads (counts only)."""

import datetime as dt

from django.utils import timezone

from dualcareer.testing import factories as f
from dualcareer.trainings import selectors
from dualcareer.trainings.models import Format, Status, Topic
from dualcareer.trainings.tests.factories import make_registration, make_training
from dualcareer.trainings.tests.helpers import TrainingsTestCase


class TrainingFiguresTests(TrainingsTestCase):
    def test_trainings_held_and_attendees_per_topic_and_format(self):
        held = make_training(self.network, days=-10)
        make_registration(held, attended=True, certificate_code="AAAAAAAAAA")
        make_registration(held, attended=True, certificate_code="BBBBBBBBBB")
        make_registration(held, attended=False)
        online = make_training(self.network, days=-5, format=Format.ONLINE, topic=Topic.COACHING)
        make_registration(online, attended=True, certificate_code="CCCCCCCCCC")
        make_training(self.network, days=-4, status=Status.CANCELLED)
        make_training(self.network, days=-400)  # before the period
        make_training(f.NetworkFactory(), days=-3)  # another network
        today = timezone.localdate()
        figures = selectors.training_figures(self.network, today - dt.timedelta(days=30), today)
        self.assertEqual((figures.trainings, figures.participants), (2, 3))
        self.assertEqual(
            figures.by_topic,
            {
                Topic.COUNSELLING: {"trainings": 1, "participants": 2},
                Topic.COACHING: {"trainings": 1, "participants": 1},
            },
        )
        self.assertEqual(figures.by_format[Format.ONLINE], {"trainings": 1, "participants": 1})
