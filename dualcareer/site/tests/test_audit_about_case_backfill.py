"""The migration that fills `AuditEntry.about_case` for entries written before the column.

It must reproduce the rule the audit pages applied at read time: the target's
case, else the case the data names; an entry whose case record is gone stays
hidden. Run against the current models (the migration's code takes an app
registry), in batches smaller than the data so that the paging is exercised.
"""

import datetime as dt
import importlib
import uuid
from io import StringIO
from typing import Any
from unittest import mock

from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from dualcareer.cases import services as case_services
from dualcareer.core import audit
from dualcareer.core.models import AuditEntry
from dualcareer.exchange.models import Introduction, NetworkRequest, NetworkRequestRecipient
from dualcareer.testing.base import BaseTestCase

backfill_migration: Any = importlib.import_module(
    "dualcareer.site.migrations.0002_audit_entry_about_case_backfill"
)


class AboutCaseBackfillTests(BaseTestCase):
    def setUp(self) -> None:
        self.case = case_services.case_open(
            actor=self.alice, institution=self.inst, recruited_name="Prof. Dr. Eins"
        )
        self.other = case_services.case_open(
            actor=self.alice, institution=self.inst, recruited_name="Prof. Dr. Zwei"
        )
        gone = Introduction.objects.create(
            case=self.case, employer=self.other_inst, consent_scope="academic"
        )
        request = NetworkRequest.objects.create(
            case=self.other, message="x", expires_on=timezone.localdate() + dt.timedelta(days=30)
        )
        recipient = NetworkRequestRecipient.objects.create(
            request=request, institution=self.other_inst
        )
        self.expected: dict[str, uuid.UUID | None] = {}

        def entry(key: str, target: Any, data: dict[str, Any], about: uuid.UUID | None) -> None:
            written = AuditEntry.objects.create(
                action=f"test.{key}",
                target_type=audit.ContentType.objects.get_for_model(target) if target else None,
                target_id=str(target.pk) if target else "",
                data=audit.clean_payload(data),
            )
            self.assertIsNone(written.about_case)  # as before the column existed
            self.expected[written.action] = about

        entry("case", self.case, {}, self.case.public_id)
        entry("gone", gone, {"answer": "no_fit"}, audit.UNREADABLE_CASE)
        entry("recipient", recipient, {}, self.other.public_id)
        entry("named", self.other_inst, {"case": self.case.public_id}, self.case.public_id)
        entry("both", self.other, {"case": self.other.public_id}, self.other.public_id)
        entry("differ", self.case, {"case": self.other.public_id}, audit.UNREADABLE_CASE)
        entry("not_an_id", self.inst, {"case": "dc-2026-0001"}, audit.UNREADABLE_CASE)
        entry("no_case", self.inst, {"n": 1}, None)
        entry("no_target", None, {}, None)
        gone.delete()
        # the case_open entries ("case.opened") were written with the column: clear them too
        AuditEntry.objects.update(about_case=None)
        self.expected["case.opened"] = None  # two of them: checked below

    def run_backfill(self) -> dict[str, uuid.UUID | None]:
        with mock.patch.object(backfill_migration, "BATCH", 2):
            backfill_migration.backfill(apps, None)
        return dict(
            AuditEntry.objects.filter(action__startswith="test.").values_list(
                "action", "about_case"
            )
        )

    def test_every_entry_gets_the_case_the_pages_read_it_as(self) -> None:
        found = self.run_backfill()
        expected = {k: v for k, v in self.expected.items() if k.startswith("test.")}
        self.assertEqual(found, expected)
        opened = AuditEntry.objects.filter(action="case.opened").values_list(
            "about_case", flat=True
        )
        self.assertEqual(
            sorted(map(str, opened)), sorted([str(self.case.public_id), str(self.other.public_id)])
        )

    def test_running_it_again_changes_nothing(self) -> None:
        first = self.run_backfill()
        self.assertEqual(self.run_backfill(), first)

    def test_the_command_fills_only_the_entries_without_a_case(self) -> None:
        self.run_backfill()
        # written by the previous release after the migration: no case recorded
        AuditEntry.objects.filter(action__in=["test.case", "test.differ"]).update(about_case=None)
        # an entry already filled is not looked at again (nor a changed value undone)
        marked = uuid.uuid4()
        AuditEntry.objects.filter(action="test.recipient").update(about_case=marked)
        out = StringIO()
        with mock.patch.object(backfill_migration, "BATCH", 2):
            call_command("audit_about_case", stdout=out)
        self.assertIn("audit_about_case: 2 audit", out.getvalue())
        found = dict(
            AuditEntry.objects.filter(action__startswith="test.").values_list(
                "action", "about_case"
            )
        )
        expected = {k: v for k, v in self.expected.items() if k.startswith("test.")}
        self.assertEqual(found, {**expected, "test.recipient": marked})
