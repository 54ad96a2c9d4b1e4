"""Factories for cases; build the full object graph with the services where rules matter."""

import datetime as dt
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from dualcareer.cases.models import Activity, Case, Consent, PartnerProfile
from dualcareer.testing.factories import InstitutionFactory


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    institution = factory.SubFactory(InstitutionFactory)
    recruited_name = factory.Sequence(lambda n: f"Prof. Dr. Berufene {n}")
    recruited_position = "W3-Professur"
    recruited_department = "Fakultät für Physik"

    @factory.post_generation
    def profile(obj: Case, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and not PartnerProfile.objects.filter(case=obj).exists():
            PartnerProfileFactory(case=obj, **kwargs)


class PartnerProfileFactory(DjangoModelFactory):
    class Meta:
        model = PartnerProfile

    case = factory.SubFactory(CaseFactory, profile=None)
    first_name = "Pat"
    last_name = factory.Sequence(lambda n: f"Partner{n}")
    email = factory.Sequence(lambda n: f"partner{n}@example.org")
    profile_language = "en"
    professional_field = "Molecular biology"
    skills = "Cell culture, CRISPR, project management"
    languages = factory.LazyFunction(
        lambda: [{"language": "en", "level": "native"}, {"language": "de", "level": "B1"}]
    )


class ConsentFactory(DjangoModelFactory):
    class Meta:
        model = Consent

    case = factory.SubFactory(CaseFactory)
    scope = "institution"
    granted_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=365))


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    case = factory.SubFactory(CaseFactory)
    institution = factory.LazyAttribute(lambda o: o.case.institution)
    kind = "talk"
    duration_minutes = 60
    note = "Internal: partner prefers industry roles."
