"""Factories for openings tests (cases are built directly: the cases app owns its factories)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from dualcareer.cases.models import Case, Consent, PartnerProfile
from dualcareer.openings.models import (
    ContractType,
    OccupationField,
    Opening,
    OpeningPlace,
    Visibility,
    WorkingTime,
)
from dualcareer.testing.factories import InstitutionFactory


class _OpeningFactory(DjangoModelFactory):
    class Meta:
        model = Opening
        skip_postgeneration_save = True

    institution = factory.SubFactory(InstitutionFactory)
    title_de = factory.Sequence(lambda n: f"Wissenschaftliche Mitarbeiterin {n}")
    description_de = "Forschung zu Proteinen im Team."
    occupation_field = OccupationField.RESEARCH
    working_time = WorkingTime.FULL_TIME
    contract_type = ContractType.FIXED_TERM
    visibility = Visibility.PUBLIC
    is_published = True
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def places(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        for postcode, city, lat, lon in extracted or [("44801", "Bochum", 51.4447, 7.2617)]:
            OpeningPlace.objects.create(
                opening=obj, postcode=postcode, city=city, latitude=lat, longitude=lon
            )
        obj.index_places()
        obj.save(update_fields=["search_text", "place_cells"])


def OpeningFactory(**kwargs: Any) -> Opening:
    """Create a published opening (with one place in Bochum unless `places` is given)."""
    opening: Opening = _OpeningFactory(**kwargs)
    return opening


def make_case(institution: Any, partner: Any = None, scopes: tuple[str, ...] = ()) -> Case:
    """A case at `institution` with a filled profile and the given consent scopes in force."""
    case = Case.objects.create(
        institution=institution,
        recruited_name="Prof. Dr. Rita Berufen",
        partner_user=partner,
        status="active",
    )
    PartnerProfile.objects.create(
        case=case,
        first_name="Petra",
        last_name="Quellmalz",
        email="petra.quellmalz@example.org",
        phone="+49 234 555 0100",
        birth_date=dt.date(1985, 3, 14),
        gender="weiblich",
        nationality="Brasilianisch",
        street="Geheimweg 7",
        postcode="44649",
        city="Wanne-Eickel",
        cv_original_name="Lebenslauf_PQ_2026.pdf",
        highest_degree="doctorate",
        education="Promotion in Biochemie",
        professional_field="Biochemie",
        experience_years=8,
        experience="Leitung eines Labors für Proteinanalytik",
        skills="Massenspektrometrie, Python",
        languages=[{"language": "de", "level": "B2"}, {"language": "en", "level": "C2"}],
        desired_positions="Laborleitung",
        working_time="full_time",
        work_places="Bochum, Dortmund",
        radius_km=40,
        remote="hybrid",
    )
    for scope in scopes:
        grant(case, scope)
    return case


def grant(case: Case, scope: str) -> Consent:
    now = timezone.now()
    return Consent.objects.create(
        case=case, scope=scope, granted_at=now, expires_at=now + dt.timedelta(days=365)
    )


def withdraw(case: Case, scope: str) -> None:
    Consent.objects.filter(case=case, scope=scope).update(withdrawn_at=timezone.now())
