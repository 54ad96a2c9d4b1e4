"""URLs of the openings (the exchange's pages share the /openings/ prefix: exchange/urls.py)."""

from django.urls import path

from dualcareer.openings.views import employer, officer, partner, public, signed_in

app_name = "openings"

urlpatterns = [
    path("", public.opening_list, name="list"),
    path("new/", employer.opening_create, name="create"),
    path("import/", employer.opening_import, name="import"),
    path("import/<uuid:public_id>/", employer.opening_import_progress, name="import_progress"),
    path(
        "import/<uuid:public_id>/status.json", employer.opening_import_status, name="import_status"
    ),
    path("mine/", employer.opening_manage, name="manage"),
    path("feeds/", employer.feed_list, name="feeds"),
    path("feeds/<uuid:public_id>/run/", employer.feed_run, name="feed_run"),
    path("feeds/<uuid:public_id>/delete/", employer.feed_delete, name="feed_delete"),
    path("searches/", signed_in.saved_search_list, name="saved_searches"),
    path("searches/save/", signed_in.saved_search_create, name="saved_search_create"),
    path(
        "searches/unsubscribe/<str:token>/",
        public.saved_search_unsubscribe,
        name="saved_search_unsubscribe",
    ),
    path("matches/", partner.my_matches, name="my_matches"),
    path("cases/<uuid:case_id>/matches/", officer.case_matches, name="case_matches"),
    path("<uuid:public_id>/", public.opening_detail, name="detail"),
    path("<uuid:public_id>/edit/", employer.opening_edit, name="edit"),
    path("<uuid:public_id>/publish/", employer.opening_publish, name="publish"),
]
