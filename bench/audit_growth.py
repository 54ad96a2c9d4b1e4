"""The audit page as the audit table grows: a reader's count and first page, two rules.

    .venv/bin/python bench/audit_growth.py --database-url postgres://postgres@127.0.0.1:5432/dc_long
    .venv/bin/python bench/audit_growth.py --database-url …/dc_long --add 200000,800000 --repeat 7
    .venv/bin/python bench/audit_growth.py --database-url …/dc_long --add 1000000 --explain

Every case page view writes an audit entry, so the audit table grows with
use; the page must not. This runs the audit page's selector
(`site.audit_page.audit_page`: the reader's filter, the count, the first
page of 50 with the people labelled) for the coordinator and for an officer
of the benchmark's university, with two rules for "entries about a case
only for readers of the case":

- ``read-time``: the rule before the ``about_case`` column, copied here as
  the baseline: an entry is about a case if its target's model belongs to a
  case or its data names one, worked out when the page is read (a
  subquery per case-linked model and a list of the reader's case ids);
- ``column``: the platform's rule (`site.selectors.case_visibility_filter`),
  one indexed comparison with the case the entry recorded when it was
  written.

It measures the data set as it is, then adds ``--add`` entries in steps
(each step's number added to the ones before): 99 % case views by officers
of the benchmark's university, spread over its cases, 1 % changes to
member institutions (entries about no case, which the coordinator reads).
Everything is added inside one transaction that is rolled back at the
end, and the table is vacuumed before and after: the data set is
unchanged afterwards. The table's statistics are refreshed (``ANALYZE``)
after each step, as autovacuum would; the added rows are not vacuumed
(they are uncommitted), so counts over them read the table's rows where a
vacuumed table would answer from the index alone.

Figures: median wall time of ``--repeat`` calls after one warm-up, in this
process (Python and PostgreSQL on the same machine), and the rows each
reader's count finds. Compare the two rules within a step, and a rule's
growth across steps; the absolute times are this machine's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class Rollback(Exception):
    """Raised at the end to roll the added entries back."""


def read_time_rule(user: Any) -> Any:
    """The rule as the pages applied it before the `about_case` column (the baseline)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, Q
    from django.db.models.functions import Cast

    from dualcareer.cases import selectors as case_selectors
    from dualcareer.cases.models import Case
    from dualcareer.core import audit

    visible_cases = Case.objects.filter(case_selectors.visible_case_filter(user))
    visible = visible_cases.values("pk")
    type_ids = []
    readable = Q()
    for model, path in audit.case_linked_models().items():
        content_type = ContentType.objects.get_for_model(model)
        type_ids.append(content_type.pk)
        keys = (
            model._base_manager.filter(**{f"{path}__in": visible})
            .annotate(audit_key=Cast("pk", output_field=CharField()))
            .values("audit_key")
        )
        readable |= Q(target_type=content_type, target_id__in=keys)
    public_ids = [str(value) for value in visible_cases.values_list("public_id", flat=True)]
    about_a_case = Q(target_type_id__in=type_ids)
    names_a_case = Q(data__has_key="case")
    return (~about_a_case | readable) & (~names_a_case | Q(data__case__in=public_ids))


def add_entries(number: int, *, step: int) -> None:
    """Add `number` entries: 99 % case views at the bench university, 1 % member changes."""
    from django.contrib.contenttypes.models import ContentType

    from dualcareer.accounts.models import User
    from dualcareer.cases.models import Case
    from dualcareer.core.models import AuditEntry
    from dualcareer.network.models import Institution

    officer = User.objects.get(email="officer0@example.org")
    cases = list(
        Case.objects.filter(institution__slug="bench-uni").values_list(
            "pk", "public_id", "institution_id"
        )
    )
    members = list(Institution.objects.values_list("pk", flat=True)[:50])
    case_type = ContentType.objects.get_for_model(Case)
    institution_type = ContentType.objects.get_for_model(Institution)
    batch: list[AuditEntry] = []
    for i in range(number):
        if i % 100 == 99:
            member = members[i % len(members)]
            batch.append(
                AuditEntry(
                    actor=officer,
                    action="institution.updated",
                    target_type=institution_type,
                    target_id=str(member),
                    institution_id=member,
                    data={"step": step},
                )
            )
        else:
            pk, public_id, institution_id = cases[i % len(cases)]
            batch.append(
                AuditEntry(
                    actor=officer,
                    action="case.viewed",
                    target_type=case_type,
                    target_id=str(pk),
                    institution_id=institution_id,
                    data={"step": step},
                    about_case=public_id,
                )
            )
        if len(batch) == 10_000:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)


def measure(users: dict[str, Any], repeat: int) -> list[tuple[str, str, float, int]]:
    """(reader, rule, median ms, rows counted) for each reader and rule."""
    from dualcareer.site import audit_page, selectors

    column_rule = selectors.case_visibility_filter
    rows = []
    for reader, user in users.items():
        for rule_name, rule in (("read-time", read_time_rule), ("column", column_rule)):
            selectors.case_visibility_filter = rule  # the page's module reads it from here
            try:
                audit_page.audit_page(user=user, query=None, page_number=1)  # warm-up
                times = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    page = audit_page.audit_page(user=user, query=None, page_number=1)
                    times.append((time.perf_counter() - started) * 1000)
            finally:
                selectors.case_visibility_filter = column_rule
            counted = page["page"].paginator.count
            rows.append((reader, rule_name, statistics.median(times), counted))
    return rows


def explain(users: dict[str, Any]) -> None:
    """Print PostgreSQL's plans of the page's queries on the audit table (the column rule)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dualcareer.site import audit_page

    for reader, user in users.items():
        with CaptureQueriesContext(connection) as queries:
            audit_page.audit_page(user=user, query=None, page_number=1)
        for query in queries.captured_queries:
            if 'FROM "core_auditentry"' not in query["sql"]:
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plan = "\n".join(f"    {row[0]}" for row in cursor.fetchall())
            print(f"  {reader}: {query['sql'][:120]}...\n{plan}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--add", default="200000,800000", help="entries added per step")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="print the plans at each step")
    args = parser.parse_args()

    import scaled_data

    os.environ.update(scaled_data.env(args.database_url, tempfile.mkdtemp(prefix="bench-ag-")))
    import django

    django.setup()
    from django.db import connection, transaction

    from dualcareer.accounts.models import User
    from dualcareer.core.models import AuditEntry

    users = {
        "coordinator": User.objects.get(email="coordinator@example.org"),
        "officer": User.objects.get(email="officer0@example.org"),
    }

    def vacuum() -> None:  # the rows of earlier runs' rolled-back steps are dead: clear them
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE core_auditentry")

    vacuum()
    steps = [0] + [int(n) for n in args.add.split(",") if n]
    print(f"{'entries':>10} {'reader':<12} {'rule':<10} {'median ms':>10} {'counted':>10}")
    try:
        with transaction.atomic():
            for step, number in enumerate(steps):
                if number:
                    started = time.perf_counter()
                    add_entries(number, step=step)
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE core_auditentry")
                    took = time.perf_counter() - started
                    print(f"(added {number:,} entries in {took:.0f} s)", flush=True)
                total = AuditEntry.objects.count()
                for reader, rule, median, counted in measure(users, args.repeat):
                    print(
                        f"{total:>10,} {reader:<12} {rule:<10} {median:>10.1f} {counted:>10,}",
                        flush=True,
                    )
                if args.explain:
                    explain(users)
            raise Rollback
    except Rollback:
        vacuum()
        print("(the added entries were rolled back)")


if __name__ == "__main__":
    main()
