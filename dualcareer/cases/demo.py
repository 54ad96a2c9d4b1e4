"""Demo cases at Ruhr-Universität Bochum and TU Dortmund (fictional people). Idempotent.

Cases are matched by a fixed public id; existing ones are left as they are,
so that a demo server keeps what visitors did with them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from dualcareer.accounts.models import User
from dualcareer.cases.models import (
    Activity,
    Case,
    CasePolicy,
    CaseStatus,
    Consent,
    PartnerProfile,
)
from dualcareer.cases.services import _tasks_sync
from dualcareer.network.models import Institution

NAMESPACE = uuid.UUID("6f1d3c5e-2a8b-4c1e-9d0f-5b7a3e2c1d4f")

POLICIES = {
    "rub": (
        "Wir unterstützen Partnerinnen und Partner von neu berufenen Professorinnen und "
        "Professoren sowie von Nachwuchsgruppenleitungen, ab den Berufungsverhandlungen bis "
        "zwölf Monate nach Dienstantritt.",
        "We support the partners of newly appointed professors and junior research group "
        "leaders, from the appointment negotiations until twelve months after the start.",
        12,
    ),
    "tu-dortmund": (
        "Partnerinnen und Partner von Professorinnen und Professoren sowie von "
        "Postdocs mit Verträgen ab zwei Jahren; Unterstützung für bis zu 18 Monate.",
        "Partners of professors and of postdocs with contracts of two years or more; support "
        "for up to 18 months.",
        18,
    ),
}


def _day(days_ago: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days_ago)


# key, institution, officer, kind, recruited person, position, department, status,
# outcome, days since opening, confidential, partner (first, last, e-mail or None), profile
CASES: list[dict[str, Any]] = [
    {
        "key": "rub-physics",
        "institution": "rub",
        "officer": "dcs.bochum@example.org",
        "kind": "recruitment",
        "recruited": "Prof. Dr. Samira Beispiel",
        "position": "W3-Professur für Experimentalphysik",
        "department": "Fakultät für Physik",
        "status": CaseStatus.ACTIVE,
        "outcome": "",
        "days": 45,
        "confidential": False,
        "partner": ("Alex", "Demo", "partner@example.org"),
        "account": "partner@example.org",
        "profile": {
            "profile_language": "en",
            "highest_degree": "doctorate",
            "education": "PhD in computational biology, University of Edinburgh (2016); "
            "MSc Bioinformatics, Uppsala University.",
            "professional_field": "Bioinformatics and data science",
            "experience_years": 9,
            "experience": "Postdoc in genomics (3 years); senior data scientist in a "
            "pharmaceutical company (5 years), leading a team of four.",
            "skills": "Python, R, machine learning, statistics, NGS data analysis, "
            "project management",
            "languages": [
                {"language": "en", "level": "native"},
                {"language": "de", "level": "B1"},
                {"language": "fr", "level": "B2"},
            ],
            "desired_positions": "Data scientist, bioinformatician, research software "
            "engineer, team lead data analytics",
            "desired_sectors": ["university", "research_institute", "company"],
            "working_time": "full_time",
            "work_places": "Bochum, Dortmund, Essen",
            "radius_km": 40,
            "remote": "hybrid",
        },
        "consents": ["institution", "academic"],
        "activities": [
            ("talk", 10, 60, "Intake talk; interested in research and industry."),
            ("cv_review", 5, 45, "CV adapted to German conventions."),
        ],
    },
    {
        "key": "rub-confidential",
        "institution": "rub",
        "officer": "dcs.bochum@example.org",
        "kind": "recruitment",
        "recruited": "Prof. Dr. Jan Vertraulich",
        "position": "W2-Professur für Maschinenbau",
        "department": "Fakultät für Maschinenbau",
        "status": CaseStatus.INQUIRY,
        "outcome": "",
        "days": 3,
        "confidential": True,
        "partner": ("Mira", "Beispiel", "mira.beispiel@example.org"),
        "account": None,
        "profile": {"profile_language": "de"},
        "consents": [],
        "activities": [],
    },
    {
        "key": "rub-closed",
        "institution": "rub",
        "officer": "dcs2.bochum@example.org",
        "kind": "retention",
        "recruited": "Prof. Dr. Lea Halten",
        "position": "W3-Professur für Germanistik",
        "department": "Fakultät für Philologie",
        "status": CaseStatus.CLOSED,
        "outcome": "job_network",
        "days": 200,
        "confidential": False,
        "partner": ("Tom", "Muster", "tom.muster@example.org"),
        "account": None,
        "profile": {
            "profile_language": "de",
            "professional_field": "Verwaltung",
            "highest_degree": "master",
        },
        "consents": [],
        "activities": [("introduction", 120, 30, "Introduced to BMR.")],
    },
    {
        "key": "tud-intake",
        "institution": "tu-dortmund",
        "officer": "dcs.dortmund@example.org",
        "kind": "recruitment",
        "recruited": "Dr. Kim Nachwuchs",
        "position": "Nachwuchsgruppenleitung Informatik",
        "department": "Fakultät für Informatik",
        "status": CaseStatus.INTAKE,
        "outcome": "",
        "days": 12,
        "confidential": False,
        "partner": ("Ana", "Ejemplo", "ana.ejemplo@example.org"),
        "account": None,
        "profile": {
            "profile_language": "en",
            "professional_field": "Architecture",
            "highest_degree": "master",
            "languages": [{"language": "es", "level": "native"}, {"language": "en", "level": "C1"}],
        },
        "consents": [],
        "activities": [("talk", 4, 50, "Intake talk held in English.")],
    },
    {
        "key": "tud-closed",
        "institution": "tu-dortmund",
        "officer": "dcs.dortmund@example.org",
        "kind": "recruitment",
        "recruited": "Prof. Dr. Omar Beispiel",
        "position": "W3-Professur für Statistik",
        "department": "Fakultät Statistik",
        "status": CaseStatus.CLOSED,
        "outcome": "did_not_come",
        "days": 300,
        "confidential": False,
        "partner": ("Eva", "Muster", "eva.muster@example.org"),
        "account": None,
        "profile": {"profile_language": "de"},
        "consents": [],
        "activities": [],
    },
]


def _create(spec: dict[str, Any]) -> bool:
    public_id = uuid.uuid5(NAMESPACE, spec["key"])
    if Case.objects.filter(public_id=public_id).exists():
        return False
    institution = Institution.objects.get(slug=spec["institution"])
    officer = User.objects.get(email=spec["officer"])
    opened = _day(spec["days"])
    status = spec["status"]
    case = Case.objects.create(
        public_id=public_id,
        institution=institution,
        kind=spec["kind"],
        recruited_name=spec["recruited"],
        recruited_position=spec["position"],
        recruited_department=spec["department"],
        recruited_start_date=opened + dt.timedelta(days=120),
        confidential=spec["confidential"],
        opened_by=officer,
        opened_on=opened,
        status=status,
        outcome=spec["outcome"],
        intake_on=opened + dt.timedelta(days=7) if status != CaseStatus.INQUIRY else None,
        active_on=opened + dt.timedelta(days=21)
        if status in (CaseStatus.ACTIVE, CaseStatus.CLOSED)
        else None,
        closed_on=opened + dt.timedelta(days=150) if status == CaseStatus.CLOSED else None,
        acknowledged_at=timezone.now() if status != CaseStatus.INQUIRY else None,
        acknowledgement_recorded_by=officer if status != CaseStatus.INQUIRY else None,
        partner_user=User.objects.filter(email=spec["account"]).first()
        if spec["account"]
        else None,
    )
    case.assigned_officers.set([officer])
    first, last, email = spec["partner"]
    profile = PartnerProfile.objects.create(
        case=case, first_name=first, last_name=last, email=email, **spec["profile"]
    )
    if not profile.missing_for_completion():
        profile.completed_at = timezone.now()
        profile.save(update_fields=["completed_at"])
    _tasks_sync(case)
    done_until = {
        CaseStatus.INQUIRY: 0,
        CaseStatus.INTAKE: 2,
        CaseStatus.ACTIVE: 4,
        CaseStatus.CLOSED: 99,
    }[status]
    for task in case.tasks.order_by("step__order")[:done_until]:
        task.done_at = timezone.now()
        task.done_by = officer
        task.save(update_fields=["done_at", "done_by"])
    for scope in spec["consents"]:
        Consent.objects.create(
            case=case,
            scope=scope,
            granted_by=case.partner_user,
            expires_at=timezone.now() + dt.timedelta(days=365),
        )
    for kind, days_ago, minutes, note in spec["activities"]:
        Activity.objects.create(
            case=case,
            institution=institution,
            kind=kind,
            date=_day(days_ago),
            duration_minutes=minutes,
            officer=officer,
            note=note,
        )
    return True


def load(out: TextIO) -> None:
    """Create the demo policies and cases (once)."""
    with transaction.atomic():
        for slug, (eligibility_de, eligibility_en, months) in POLICIES.items():
            CasePolicy.objects.get_or_create(
                institution=Institution.objects.get(slug=slug),
                defaults={
                    "eligibility_de": eligibility_de,
                    "eligibility_en": eligibility_en,
                    "support_months": months,
                },
            )
        created = sum(_create(spec) for spec in CASES)
    out.write(f"cases: {created} demo cases created ({len(CASES)} in the demo set)\n")
