"""The REST API (OpenAPI schema at /api/schema/)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from dualcareer.api import openings

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("openings/", openings.OpeningListView.as_view(), name="opening_list"),
    path("openings/import/", openings.OpeningImportView.as_view(), name="opening_import"),
    path(
        "openings/import/<uuid:public_id>/",
        openings.OpeningImportStatusView.as_view(),
        name="opening_import_status",
    ),
    path("openings/<uuid:public_id>/", openings.OpeningDetailView.as_view(), name="opening_detail"),
    path("introductions/", openings.IntroductionListView.as_view(), name="introduction_list"),
    path(
        "introductions/<uuid:public_id>/answer/",
        openings.IntroductionAnswerView.as_view(),
        name="introduction_answer",
    ),
]
