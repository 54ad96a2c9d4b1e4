from django.urls import path

from dualcareer.openings import exchange_views, match_views, views

app_name = "openings"

urlpatterns = [
    path("", views.opening_list, name="list"),
    path("new/", views.opening_create, name="create"),
    path("import/", views.opening_import, name="import"),
    path("mine/", views.opening_manage, name="manage"),
    path("searches/", views.saved_search_list, name="saved_searches"),
    path("searches/save/", views.saved_search_create, name="saved_search_create"),
    path(
        "searches/unsubscribe/<str:token>/",
        views.saved_search_unsubscribe,
        name="saved_search_unsubscribe",
    ),
    path("introductions/mine/", exchange_views.my_introductions, name="my_introductions"),
    path(
        "introductions/<uuid:public_id>/",
        exchange_views.introduction_employer,
        name="introduction_employer",
    ),
    path(
        "introductions/<uuid:public_id>/withdraw/",
        exchange_views.introduction_withdraw,
        name="introduction_withdraw",
    ),
    path("cases/<uuid:case_id>/", exchange_views.case_exchange, name="case_exchange"),
    path(
        "cases/<uuid:case_id>/introduce/",
        exchange_views.introduction_create,
        name="introduction_create",
    ),
    path(
        "cases/<uuid:case_id>/request/",
        exchange_views.network_request_create,
        name="network_request_create",
    ),
    path("requests/answer/<str:token>/", exchange_views.request_answer, name="request_answer"),
    path("matches/", match_views.my_matches, name="my_matches"),
    path("cases/<uuid:case_id>/matches/", match_views.case_matches, name="case_matches"),
    path("<uuid:public_id>/matches/", match_views.opening_matches, name="opening_matches"),
    path("<uuid:public_id>/", views.opening_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.opening_edit, name="edit"),
    path("<uuid:public_id>/publish/", views.opening_publish, name="publish"),
]
