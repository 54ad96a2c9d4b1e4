"""Fault: the background worker is killed (SIGKILL) half-way through a large import.

A scratch installation queues an import of 5,000 JobPostings (10 windows of
500, `BATCH_SIZE`); `manage.py worker` runs it and is killed with SIGKILL once some windows
are stored. Then, as in production, `jobs_cleanup` queues the interrupted
job again (its worker died; here the job's last progress is backdated past
the 30-minute limit instead of waiting) and a new worker finishes it.
Expected: exactly 5,000 openings, none twice, the report complete.

    .venv/bin/python scripts/faults/kill_worker.py
"""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import time

from common import PYTHON, ROOT, django_setup, manage, prepare, report, scratch_env

POSTINGS = 5000


def posting(number: int) -> dict[str, object]:
    return {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "identifier": {"@type": "PropertyValue", "name": "Beispiel GmbH", "value": f"K-{number}"},
        "title": f"Sachbearbeitung {number} (m/w/d)",
        "description": "<p>Aufgaben im Einkauf.</p>",
        "validThrough": "2099-12-31",
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "postalCode": "45127",
                "addressLocality": "Essen",
                "addressCountry": "DE",
            },
        },
    }


def main() -> None:
    env = scratch_env("kill-worker")
    prepare(env)
    django_setup(env)
    from django.utils import timezone

    from dualcareer.accounts.models import InstitutionRole, Role, User
    from dualcareer.core.models import JobRun
    from dualcareer.network.models import Institution, Sector
    from dualcareer.openings import importing
    from dualcareer.openings.models import Opening

    employer = Institution.objects.create(name="Beispiel GmbH", sector=Sector.COMPANY, city="Essen")
    user = User.objects.create_user("personal@example.org", "fault-script-password-1")
    InstitutionRole.objects.create(user=user, institution=employer, role=Role.EMPLOYER)
    feed = json.dumps([posting(n) for n in range(POSTINGS)])
    run = importing.import_enqueue(user=user, institution=employer, text=feed)

    worker = subprocess.Popen(
        [PYTHON, "manage.py", "worker", "--no-reload", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.batches_done >= 3:
            break
        time.sleep(0.2)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    run.refresh_from_db()
    at_kill = (run.batches_done, Opening.objects.count(), run.status)

    # The worker died: after 30 minutes jobs_cleanup queues the job again.
    JobRun.objects.filter(pk=run.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=31))
    cleanup = manage(env, "jobs_cleanup").stdout.strip()
    manage(env, "worker", "--batch", "--no-reload", "--no-startup-delay", timeout=900)
    run.refresh_from_db()
    references = list(Opening.objects.values_list("reference", flat=True))
    report(
        "worker killed half-way through an import",
        [
            f"killed after {at_kill[0]} of 10 windows, {at_kill[1]} openings stored, "
            f"job {at_kill[2]}",
            f"jobs_cleanup: {cleanup}",
            f"after the rerun: job {run.status}, {run.batches_done} windows, "
            f"{len(references)} openings, {len(set(references))} distinct references "
            f"(expected {POSTINGS}), errors in report: {run.errors}",
            "OK" if len(references) == len(set(references)) == POSTINGS else "FAILED",
        ],
    )


if __name__ == "__main__":
    main()
