"""Demo users, one per role, clearly fictional (example.org addresses)."""

from __future__ import annotations

from typing import TextIO

from django.db import transaction

from dualcareer.accounts.models import InstitutionRole, Role, TwoFactorDevice, User
from dualcareer.network.models import Institution

DEMO_PASSWORD = "demo-dualcareer-2026"  # noqa: S105 - demo data, printed by `make run`
# The demo coordinator and officers must log in with two-factor login: their
# authenticator secret is published (printed by `make run`) so that anyone can
# try the demo. Demo data only: `demo_load` refuses a production database.
DEMO_TOTP_SECRET = "DEMODUALCAREERTWOFACTORSECRETXYZ"  # noqa: S105

# e-mail, first name, last name, kind, language, [(institution slug, role)]
DEMO_USERS: list[tuple[str, str, str, str, str, list[tuple[str, str]]]] = [
    (
        "koordination@example.org",
        "Kim",
        "Koordinatorin",
        User.Kind.STAFF,
        "de",
        [("rvr", Role.COORDINATOR)],
    ),
    (
        "dcs.bochum@example.org",
        "Erika",
        "Mustermann",
        User.Kind.STAFF,
        "de",
        [("rub", Role.OFFICER)],
    ),
    (
        "dcs2.bochum@example.org",
        "Bernd",
        "Beispiel",
        User.Kind.STAFF,
        "de",
        [("rub", Role.OFFICER)],
    ),
    (
        "dcs.dortmund@example.org",
        "Max",
        "Mustermann",
        User.Kind.STAFF,
        "en",
        [("tu-dortmund", Role.OFFICER)],
    ),
    (
        "personal.mpi@example.org",
        "Jonas",
        "Personal",
        User.Kind.STAFF,
        "de",
        [("mpi-dortmund", Role.EMPLOYER)],
    ),
    ("partner@example.org", "Alex", "Demo", User.Kind.PARTNER, "en", []),
]


def load(out: TextIO) -> None:
    """Create or update the demo users and their roles."""
    with transaction.atomic():
        for email, first, last, kind, language, roles in DEMO_USERS:
            user, created = User.objects.get_or_create(
                email=email,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "kind": kind,
                    "language": language,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            for slug, role in roles:
                InstitutionRole.objects.get_or_create(
                    user=user, institution=Institution.objects.get(slug=slug), role=role
                )
            if any(role in (Role.COORDINATOR, Role.OFFICER) for _slug, role in roles):
                TwoFactorDevice.objects.get_or_create(
                    user=user, defaults={"secret": DEMO_TOTP_SECRET}
                )
    out.write(f"accounts: {len(DEMO_USERS)} demo users\n")


def describe() -> list[str]:
    """Return one line per demo login, for `make run` to print."""
    labels = {
        "koordination@example.org": "network coordinator (Regionalverband Ruhr)",
        "dcs.bochum@example.org": "Dual Career officer (Ruhr-Universität Bochum)",
        "dcs2.bochum@example.org": "Dual Career officer, colleague (Ruhr-Universität Bochum)",
        "dcs.dortmund@example.org": "Dual Career officer (TU Dortmund)",
        "personal.mpi@example.org": "employer contact (MPI Dortmund)",
        "partner@example.org": "partner (client)",
    }
    return [f"  {email:<28} {labels[email]}" for email, *_rest in DEMO_USERS]
