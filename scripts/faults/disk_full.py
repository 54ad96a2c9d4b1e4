"""Fault: the disk for uploaded files is full.

Mounts a 1 MB tmpfs as `DJANGO_MEDIA_ROOT` of a scratch installation (needs
root; without it, `OSError(ENOSPC)` is simulated in the storage), fills it,
and uploads a CV through the partner's profile form and the officer's, with
a profile change in the same submission. Expected: the form answers 200 with
"the storage for uploaded files is full" at the CV field, the profile change
is not stored (one transaction), no partial file is left, /readyz names the
media check, and after space is freed the same upload works.

    .venv/bin/python scripts/faults/disk_full.py
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
from pathlib import Path
from unittest import mock

from common import django_setup, prepare, report, scratch_env

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n170\n%%EOF\n"
)


def main() -> None:
    env = scratch_env("disk-full", DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1")
    media = Path(env["DJANGO_MEDIA_ROOT"])
    mounted = (
        os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(media)], check=False
        ).returncode
        == 0
    )
    try:
        prepare(env)
        django_setup(env)
        from django.test import Client
        from django.test.utils import setup_test_environment
        from django.urls import reverse

        from dualcareer.accounts.models import InstitutionRole, Role, User
        from dualcareer.cases import services
        from dualcareer.cases.tests.uploads_data import MINIMAL_PDF
        from dualcareer.network.models import Institution

        setup_test_environment()  # responses carry their template context
        inst = Institution.objects.create(name="Universität Alpha", city="Bochum")
        alice = User.objects.create_user("alice@example.org", "fault-script-password-1")
        InstitutionRole.objects.create(user=alice, institution=inst, role=Role.OFFICER)
        case = services.case_open(actor=alice, institution=inst, recruited_name="Prof. X")
        filler = media / "filler.bin"
        if mounted:
            with filler.open("wb", buffering=0) as handle:  # fill the disk to the last block
                try:
                    while True:
                        handle.write(b"\0" * 4096)
                except OSError as error:
                    assert error.errno == errno.ENOSPC
        client = Client()
        client.force_login(alice)
        url = reverse("cases:profile_edit", args=[case.public_id])
        first = client.get(url)
        if first.status_code != 200:
            raise SystemExit(
                f"the profile form answered {first.status_code} {first.get('Location')}"
            )
        form = first.context["form"]
        data = {k: v for k, v in form.initial.items() if v not in (None, "", [], False)}
        data.update(
            {
                "first_name": "Paula",
                "last_name": "Beispiel",
                "email": "p@example.org",
                "skills": "vorher",
                "version": form.initial["version"],
            }
        )
        client.post(url, data)  # the profile as it was
        form = client.get(url).context["form"]
        data.update({"skills": "NEU", "version": form.initial["version"]})
        upload = media.parent / "cv.pdf"
        upload.write_bytes(MINIMAL_PDF or PDF)

        def post() -> object:
            with upload.open("rb") as handle:
                return client.post(url, {**data, "cv": handle})

        if mounted:
            response = post()
        else:

            def full(*args: object, **kwargs: object) -> None:
                raise OSError(errno.ENOSPC, "No space left on device")

            with mock.patch("django.core.files.storage.FileSystemStorage._save", full):
                response = post()
        case.profile.refresh_from_db()
        files = sorted(p.name for p in media.rglob("*") if p.is_file() and p != filler)
        readyz = Client().get("/readyz")
        lines = [
            f"media: {'1 MB tmpfs, filled' if mounted else 'ENOSPC simulated (not root)'}",
            f"upload answered {response.status_code}; message at the field: "
            f"{'Speicher für hochgeladene Dateien ist voll' in response.content.decode()}",
            f"profile change stored: {case.profile.skills == 'NEU'}; "
            f"CV stored: {bool(case.profile.cv)}",
            f"files on the media disk besides the filler: {files}",
            f"/readyz: {readyz.status_code} {json.loads(readyz.content).get('failing')}",
        ]
        if mounted:
            filler.unlink()
            form = client.get(url).context["form"]
            data["version"] = form.initial["version"]
            again = post()
            case.profile.refresh_from_db()
            lines.append(
                f"after freeing space: {again.status_code}, CV stored: {bool(case.profile.cv)}"
            )
        report("disk for uploads full", lines)
    finally:
        if mounted:
            subprocess.run(["umount", str(media)], check=False)


if __name__ == "__main__":
    main()
