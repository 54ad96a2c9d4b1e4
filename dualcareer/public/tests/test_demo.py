"""The public site's demo content: loads once, publishes the story only with its consent."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings

from dualcareer.public import selectors
from dualcareer.public.models import Page


@override_settings(DEBUG=True)
class PublicDemoTests(TestCase):
    def test_it_loads_news_a_consented_story_and_fills_in_the_operator(self) -> None:
        call_command("demo_load", stdout=StringIO())
        call_command("demo_load", stdout=StringIO())  # idempotent
        self.assertEqual(selectors.news_list().count(), 2)
        [story] = selectors.story_list()
        self.assertEqual(story.consents.filter(withdrawn_at=None).count(), 1)
        imprint = Page.objects.get(slug="imprint")
        self.assertEqual(imprint.version, 2)
        self.assertIn("Kronprinzenstraße 35", imprint.body_de)
        self.assertIn("45128 Essen", imprint.body_en)
        self.assertIn("datenschutz@example.org", Page.objects.get(slug="privacy").body_en)
