"""What django-axes keeps about logins: no tokens, no form values, not for ever."""

import datetime as dt
from io import StringIO

from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from dualcareer.accounts.axes_privacy import axes_purge
from dualcareer.testing.base import BaseTestCase
from dualcareer.testing.factories import TEST_PASSWORD

TOKEN = "Zm9vYmFy:1uAbCd:Q2xY8kLmNoPqRsTuVwXyZ0123456789"


def attempt(days_ago: int, **fields: object) -> AccessAttempt:
    record = AccessAttempt.objects.create(
        username="bob@example.org",
        ip_address="203.0.113.5",
        user_agent=f"agent {days_ago}",
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/accounts/login/",
        failures_since_start=1,
        **fields,
    )
    AccessAttempt.objects.filter(pk=record.pk).update(
        attempt_time=timezone.now() - dt.timedelta(days=days_ago)
    )
    return record


class AxesRecordTests(BaseTestCase):
    def test_a_failed_login_from_a_token_link_stores_no_token_and_no_form_values(self) -> None:
        self.client.post(
            f"/accounts/login/?next=/cases/invitation/{TOKEN}/",
            {
                "username": "bob@example.org",
                "password": "wrong",
                "next": f"/cases/invitation/{TOKEN}/",
            },
        )
        record = AccessAttempt.objects.get()
        stored = " ".join([record.path_info, record.get_data, record.post_data])
        self.assertNotIn(TOKEN, stored)
        self.assertNotIn("wrong", stored)

    def test_a_stored_path_with_a_token_is_masked(self) -> None:
        record = attempt(0)
        record.path_info = f"/cases/invitation/{TOKEN}/"
        record.save()
        record.refresh_from_db()
        self.assertEqual(record.path_info, "/cases/invitation/<token>/")

    def test_a_successful_login_leaves_no_address_or_user_agent_in_axes(self) -> None:
        self.client.post(
            "/accounts/login/",
            {"username": "bob@example.org", "password": TEST_PASSWORD},
            HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux)",
        )
        self.assertEqual(self.client.session["_auth_user_id"], str(self.bob.pk))
        self.assertFalse(AccessLog.objects.exists())


class AxesRetentionTests(BaseTestCase):
    @override_settings(AXES_RETENTION_DAYS=30)
    def test_records_older_than_the_retention_are_deleted(self) -> None:
        old = attempt(31)
        recent = attempt(29)
        counts = axes_purge()
        self.assertEqual(counts["accessattempt"], 1)
        self.assertFalse(AccessAttempt.objects.filter(pk=old.pk).exists())
        self.assertTrue(AccessAttempt.objects.filter(pk=recent.pk).exists())

    def test_old_logs_of_successful_logins_are_deleted_too(self) -> None:
        log = AccessLog.objects.create(
            username="bob@example.org", ip_address="203.0.113.5", user_agent="x", path_info="/"
        )
        AccessLog.objects.filter(pk=log.pk).update(
            attempt_time=timezone.now() - dt.timedelta(days=40)
        )
        axes_purge(days=30)
        self.assertFalse(AccessLog.objects.exists())

    def test_the_scheduled_command_applies_the_setting_or_its_option(self) -> None:
        attempt(10)
        out = StringIO()
        call_command("axes_retention", stdout=out)
        self.assertEqual(AccessAttempt.objects.count(), 1)
        call_command("axes_retention", "--days", "7", stdout=out)
        self.assertEqual(AccessAttempt.objects.count(), 0)
        self.assertIn("accessattempt: 1", out.getvalue())
