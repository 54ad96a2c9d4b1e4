from dualcareer.network.models import Application
from dualcareer.network.selectors import application_by_token, application_get, application_list
from dualcareer.network.tests.factories import ApplicationFactory, make_network
from dualcareer.testing.base import BaseTestCase


class ApplicationListTests(BaseTestCase):
    mine: Application
    decided: Application
    foreign: Application

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.mine = ApplicationFactory.create(network=cls.network)
        cls.decided = ApplicationFactory.create(
            network=cls.network, status=Application.Status.DECLINED
        )
        cls.foreign = ApplicationFactory.create(network=make_network())

    def test_the_coordinator_sees_the_applications_of_their_network(self):
        self.assertEqual(set(application_list(user=self.cora)), {self.mine, self.decided})
        self.assertEqual(list(application_list(user=self.cora, status="open")), [self.mine])

    def test_officers_and_partners_see_nothing(self):
        for user in (self.alice, self.charlie, self.paula, self.nobody):
            self.assertFalse(application_list(user=user).exists())
            self.assertIsNone(application_get(user=user, public_id=self.mine.public_id))

    def test_the_secret_link_finds_only_its_application(self):
        self.assertEqual(application_by_token(token=self.mine.reply_token), self.mine)
        self.assertIsNone(application_by_token(token="guess"))
        self.assertIsNone(application_by_token(token=""))
