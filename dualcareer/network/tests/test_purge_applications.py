import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from dualcareer.network.models import Application
from dualcareer.network.tests.factories import ApplicationFactory
from dualcareer.testing.base import BaseTestCase


class PurgeApplicationsTests(BaseTestCase):
    def test_old_decisions_lose_personal_data_recent_and_open_ones_stay(self):
        old = timezone.now() - dt.timedelta(days=400)
        declined = ApplicationFactory.create(
            network=self.network, status=Application.Status.DECLINED, decided_at=old
        )
        approved = ApplicationFactory.create(
            network=self.network, status=Application.Status.APPROVED, decided_at=old
        )
        recent = ApplicationFactory.create(
            network=self.network, status=Application.Status.DECLINED, decided_at=timezone.now()
        )
        pending = ApplicationFactory.create(network=self.network)
        call_command("network_purge_applications", stdout=StringIO())
        self.assertFalse(Application.objects.filter(pk=declined.pk).exists())
        approved.refresh_from_db()
        self.assertEqual(approved.contact_email, "")
        self.assertEqual(approved.contact_name, "")
        self.assertTrue(Application.objects.filter(pk=recent.pk).exists())
        pending.refresh_from_db()
        self.assertNotEqual(pending.contact_email, "")
