import datetime as dt
import re

from django.core import mail
from django.utils import timezone

from dualcareer.openings.alerts import digest_send
from dualcareer.openings.models import SavedSearch, Visibility
from dualcareer.openings.services import saved_search_create
from dualcareer.openings.tests.factories import OpeningFactory
from dualcareer.testing.base import BaseTestCase


class DigestTests(BaseTestCase):
    def setUp(self):
        self.search = saved_search_create(user=self.alice, name="Labor", params={"q": "labor"})
        self.search.last_sent_at = timezone.now() - dt.timedelta(days=1)
        self.search.save()

    def test_it_sends_new_matching_openings_once(self):
        OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")
        OpeningFactory(institution=self.employer_inst, title_de="Buchhaltung")
        self.assertEqual(digest_send(), 1)
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("Laborleitung", mail.outbox[0].body)
        self.assertNotIn("Buchhaltung", mail.outbox[0].body)
        self.assertEqual(digest_send(), 0)

    def test_it_is_in_the_recipients_language(self):
        self.alice.language = "en"
        self.alice.save()
        OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")
        digest_send()
        self.assertIn("new opening", mail.outbox[0].subject)
        self.alice.language = "de"
        self.alice.save()
        OpeningFactory(institution=self.employer_inst, title_de="Laborhilfe")
        digest_send()
        self.assertIn("neue", mail.outbox[1].subject.lower())

    def test_only_openings_visible_to_the_user(self):
        nobody_search = saved_search_create(user=self.nobody, name="x", params={"q": "labor"})
        nobody_search.last_sent_at = timezone.now() - dt.timedelta(days=1)
        nobody_search.save()
        OpeningFactory(
            institution=self.employer_inst, title_de="Labor intern", visibility=Visibility.OFFICERS
        )
        digest_send()
        recipients = [m.to[0] for m in mail.outbox]
        self.assertEqual(recipients, ["alice@example.org"])

    def test_unsubscribe_link_works_without_login(self):
        OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")
        digest_send()
        match = re.search(r"http\S+/unsubscribe/\S+/", mail.outbox[0].body)
        assert match is not None
        link = match.group(0)
        path = link.split("://", 1)[1].split("/", 1)[1]
        response = self.client.get("/" + path)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(SavedSearch.objects.get(pk=self.search.pk).alerts_enabled)
        self.client.post("/" + path)
        self.assertFalse(SavedSearch.objects.get(pk=self.search.pk).alerts_enabled)
        self.assertEqual(digest_send(), 0)

    def test_forged_unsubscribe_token_is_404(self):
        response = self.client.post("/openings/searches/unsubscribe/forged-token/")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(SavedSearch.objects.get(pk=self.search.pk).alerts_enabled)
