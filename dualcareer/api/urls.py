"""The REST API.

`/api/v1/...` (namespace `api_v1`) is the API: OpenAPI schema at
`/api/v1/schema/`, Swagger UI at `/api/v1/docs/` (served from
drf-spectacular-sidecar's static files, no CDN). The unversioned paths
`/api/...` (namespace `api`) are the first version's, kept as aliases of the
same views for existing clients; they alone still accept HTTP Basic.
"""

from types import SimpleNamespace
from typing import Any

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from dualcareer.api import (
    cases,
    directory,
    knowledge,
    openings,
    statistics,
    trainings,
    trainings_organiser,
)
from dualcareer.api.base import LEGACY_AUTHENTICATION, NotFoundView

app_name = "api"

_LEGACY = {"authentication_classes": LEGACY_AUTHENTICATION}


def _opening_patterns(**initkwargs: Any) -> list[Any]:
    return [
        path("openings/", openings.OpeningListView.as_view(**initkwargs), name="opening_list"),
        path(
            "openings/import/",
            openings.OpeningImportView.as_view(**initkwargs),
            name="opening_import",
        ),
        path(
            "openings/import/<uuid:public_id>/",
            openings.OpeningImportStatusView.as_view(**initkwargs),
            name="opening_import_status",
        ),
        path(
            "openings/<uuid:public_id>/",
            openings.OpeningDetailView.as_view(**initkwargs),
            name="opening_detail",
        ),
        path(
            "introductions/",
            openings.IntroductionListView.as_view(**initkwargs),
            name="introduction_list",
        ),
        path(
            "introductions/<uuid:public_id>/answer/",
            openings.IntroductionAnswerView.as_view(**initkwargs),
            name="introduction_answer",
        ),
    ]


# The deprecated unversioned paths (namespace "api").
urlpatterns = [
    path(
        "schema/",
        SpectacularAPIView.as_view(
            api_version="1",
            urlconf=SimpleNamespace(
                urlpatterns=[path("api/", include((_opening_patterns(**_LEGACY), "api")))]
            ),
            **_LEGACY,
        ),
        name="schema",
    ),
    *_opening_patterns(**_LEGACY),
]

# API v1 (namespace "api_v1", included from config/urls.py at /api/v1/).
v1_patterns: list[Any] = []
v1_patterns += [
    path(
        "schema/",
        SpectacularAPIView.as_view(
            api_version="1",
            urlconf=SimpleNamespace(
                urlpatterns=[path("api/v1/", include((v1_patterns, "api_v1")))]
            ),
        ),
        name="schema",
    ),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api_v1:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    *_opening_patterns(),
    path("institutions/", directory.InstitutionListView.as_view(), name="institution_list"),
    path(
        "institutions/<slug:slug>/",
        directory.InstitutionDetailView.as_view(),
        name="institution_detail",
    ),
    path("networks/", directory.NetworkListView.as_view(), name="network_list"),
    path("networks/<slug:slug>/", directory.NetworkDetailView.as_view(), name="network_detail"),
    path("knowledge/articles/", knowledge.ArticleListView.as_view(), name="article_list"),
    path(
        "knowledge/articles/<uuid:public_id>/",
        knowledge.ArticleDetailView.as_view(),
        name="article_detail",
    ),
    path("cases/", cases.CaseListView.as_view(), name="case_list"),
    path("cases/<uuid:public_id>/", cases.CaseDetailView.as_view(), name="case_detail"),
    path(
        "cases/<uuid:public_id>/profile/",
        cases.CaseProfileView.as_view(),
        name="case_profile",
    ),
    path("statistics/", statistics.StatisticsView.as_view(), name="statistics"),
    path("trainings/", trainings.TrainingListView.as_view(), name="training_list"),
    path(
        "trainings/registrations/",
        trainings.RegistrationListView.as_view(),
        name="registration_list",
    ),
    path(
        "trainings/<uuid:public_id>/",
        trainings.TrainingDetailView.as_view(),
        name="training_detail",
    ),
    path(
        "trainings/<uuid:public_id>/register/",
        trainings.RegisterView.as_view(),
        name="training_register",
    ),
    # --- trainings: the participant's own registration, the organisers' operations
    path(
        "trainings/registrations/<uuid:public_id>/cancel/",
        trainings.RegistrationCancelView.as_view(),
        name="registration_cancel",
    ),
    path(
        "trainings/registrations/<uuid:public_id>/accept/",
        trainings.RegistrationAcceptView.as_view(),
        name="registration_accept",
    ),
    path(
        "trainings/<uuid:public_id>/publish/",
        trainings_organiser.TrainingPublishView.as_view(),
        name="training_publish",
    ),
    path(
        "trainings/<uuid:public_id>/cancel/",
        trainings_organiser.TrainingCancelView.as_view(),
        name="training_cancel",
    ),
    path(
        "trainings/<uuid:public_id>/registrations/",
        trainings_organiser.ParticipantListView.as_view(),
        name="participant_list",
    ),
    path(
        "trainings/<uuid:public_id>/registrations/<uuid:registration_id>/remove/",
        trainings_organiser.ParticipantRemoveView.as_view(),
        name="participant_remove",
    ),
    path(
        "trainings/<uuid:public_id>/registrations/<uuid:registration_id>/move/",
        trainings_organiser.ParticipantMoveView.as_view(),
        name="participant_move",
    ),
    path(
        "trainings/<uuid:public_id>/attendance/",
        trainings_organiser.AttendanceView.as_view(),
        name="training_attendance",
    ),
    # Last: any other path (a malformed id included) is a JSON 404, as the schema says.
    re_path(r"^.*$", NotFoundView.as_view(), name="not_found"),
]
