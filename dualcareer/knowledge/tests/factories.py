"""Factories of the knowledge app's tests."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import factory
from factory.django import DjangoModelFactory

from dualcareer.knowledge import search
from dualcareer.knowledge.models import (
    Area,
    Article,
    AssessmentAnswer,
    Criterion,
    Guideline,
    Rating,
    SelfAssessment,
    StandardsCatalogue,
    Thread,
    Visibility,
)
from dualcareer.testing import factories as f


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    institution = factory.SubFactory(f.InstitutionFactory)
    title = factory.Sequence(lambda n: f"Artikel {n}")
    body = "Ein Bericht aus der Praxis."
    language = "de"
    published_on = dt.date(2026, 1, 15)
    visibility = Visibility.MEMBERS

    @factory.post_generation
    def _index(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.search_stems = search.stem_text([obj.title, obj.summary, obj.body])
            obj.save(update_fields=["search_stems"])


CRITERIA = [
    ("A1", Area.SERVICE_PORTFOLIO, "Beratungsangebot beschrieben", "Service portfolio described"),
    ("B1", Area.PROCESS_INTEGRATION, "In Berufungsverfahren eingebunden", "Part of appointments"),
    ("C1", Area.COUNSELLING_QUALITY, "Vertrauliche Beratung", "Confidential counselling"),
]


def make_catalogue(network: Any, *, is_public: bool = False, number: int = 1) -> StandardsCatalogue:
    """A published standards version with three criteria and one guideline."""
    catalogue = StandardsCatalogue.objects.create(
        network=network, number=number, published_on=dt.date(2025, 1, 1), is_public=is_public
    )
    for order, (code, area, title_de, title_en) in enumerate(CRITERIA):
        Criterion.objects.create(
            catalogue=catalogue,
            code=code,
            area=area,
            order=order,
            title_de=title_de,
            title_en=title_en,
        )
    Guideline.objects.create(
        catalogue=catalogue,
        code="E1",
        title_de="Bestenauswahl",
        title_en="Selection of the best",
        explanation_de="Keine Vetternwirtschaft.",
        explanation_en="No nepotism.",
    )
    return catalogue


def make_assessment(
    institution: Any,
    network: Any,
    catalogue: StandardsCatalogue,
    *,
    year: int,
    ratings: dict[str, str] | None = None,
    shared: bool = False,
    submitted: bool = True,
) -> SelfAssessment:
    """A self-assessment rated `ratings` (default: every criterion met)."""
    from django.utils import timezone

    assessment = SelfAssessment.objects.create(
        institution=institution,
        network=network,
        year=year,
        catalogue=catalogue,
        shared=shared,
        status=SelfAssessment.Status.SUBMITTED if submitted else SelfAssessment.Status.DRAFT,
        submitted_at=timezone.now() if submitted else None,
    )
    ratings = ratings or {}
    for criterion in catalogue.criteria.all():
        AssessmentAnswer.objects.create(
            assessment=assessment,
            criterion=criterion,
            rating=ratings.get(criterion.code, Rating.MET),
            evidence=f"Nachweis {criterion.code} {institution.name}",
        )
    return assessment


class ThreadFactory(DjangoModelFactory):
    class Meta:
        model = Thread

    title = factory.Sequence(lambda n: f"Diskussion {n}")
    network = factory.SubFactory(f.NetworkFactory)
    institution = factory.SubFactory(f.InstitutionFactory)


def make_article(**kwargs: Any) -> Article:
    """An article (typed for the tests)."""
    return cast(Article, ArticleFactory(**kwargs))
