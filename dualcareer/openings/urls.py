"""URLs of the openings (the exchange's pages share the /openings/ prefix: exchange/urls.py)."""

from django.urls import path

from dualcareer.openings import views
from dualcareer.openings.matchmaking import views as match_views

app_name = "openings"

urlpatterns = [
    path("", views.opening_list, name="list"),
    path("new/", views.opening_create, name="create"),
    path("import/", views.opening_import, name="import"),
    path("import/<uuid:public_id>/", views.opening_import_progress, name="import_progress"),
    path("import/<uuid:public_id>/status.json", views.opening_import_status, name="import_status"),
    path("mine/", views.opening_manage, name="manage"),
    path("searches/", views.saved_search_list, name="saved_searches"),
    path("searches/save/", views.saved_search_create, name="saved_search_create"),
    path(
        "searches/unsubscribe/<str:token>/",
        views.saved_search_unsubscribe,
        name="saved_search_unsubscribe",
    ),
    path("matches/", match_views.my_matches, name="my_matches"),
    path("cases/<uuid:case_id>/matches/", match_views.case_matches, name="case_matches"),
    path("<uuid:public_id>/", views.opening_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.opening_edit, name="edit"),
    path("<uuid:public_id>/publish/", views.opening_publish, name="publish"),
]
