import datetime as dt
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from dualcareer.openings.models import Opening
from dualcareer.openings.tests.factories import OpeningFactory
from dualcareer.testing.base import BaseTestCase


class OpeningsUnpublishTests(BaseTestCase):
    def test_closing_dates_unpublish(self):
        today = timezone.localdate()
        past = OpeningFactory(institution=self.inst, closing_date=today - dt.timedelta(days=1))
        current = OpeningFactory(institution=self.inst, closing_date=today)
        open_ended = OpeningFactory(institution=self.inst)
        out = StringIO()
        call_command("openings_unpublish", stdout=out)
        self.assertIn("1 opening", out.getvalue())
        self.assertFalse(Opening.objects.get(pk=past.pk).is_published)
        self.assertTrue(Opening.objects.get(pk=current.pk).is_published)
        self.assertTrue(Opening.objects.get(pk=open_ended.pk).is_published)

    def test_running_twice_unpublishes_nothing_more(self):
        OpeningFactory(
            institution=self.inst, closing_date=timezone.localdate() - dt.timedelta(days=3)
        )
        call_command("openings_unpublish", stdout=StringIO())
        out = StringIO()
        call_command("openings_unpublish", stdout=out)
        self.assertIn("0 opening", out.getvalue())
        self.assertEqual(len(mail.outbox), 0)


class SearchWordsPruneTests(BaseTestCase):
    def test_the_command_reports_and_runs_again_with_nothing_left(self):
        gone = OpeningFactory(institution=self.inst, title_de="Verwaistwortsechs")
        gone.delete()
        call_command("search_words_prune", stdout=StringIO())
        out = StringIO()
        call_command("search_words_prune", stdout=out)
        # the second run finds nothing to drop (on SQLite there is no list at all)
        self.assertIn("search_words_prune: 0 word(s) dropped", out.getvalue())

    def test_the_command_reports_how_many_words_it_counted(self):
        from django.db import connection

        OpeningFactory(institution=self.inst, title_de="Zählwortsieben Zählwortacht")
        out = StringIO()
        call_command("search_words_prune", stdout=out)
        counted = int(out.getvalue().rsplit(", ", 1)[1].split()[0])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM openings_searchword WHERE openings IS NOT NULL"
                )
                self.assertEqual(counted, cursor.fetchone()[0])
            self.assertGreaterEqual(counted, 2)
        else:
            self.assertEqual(counted, 0)  # no list of words on SQLite
