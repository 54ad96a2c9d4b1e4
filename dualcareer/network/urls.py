from django.urls import path

from dualcareer.network import views, views_manage

app_name = "network"

urlpatterns = [
    path("members/", views.directory, name="directory"),
    path("members/map/", views.map_view, name="map"),
    path("members/map/data.json", views.map_data, name="map_data"),
    path("members/<slug:slug>/", views.institution_detail, name="institution_detail"),
    path("members/<slug:slug>/edit/", views_manage.institution_edit, name="institution_edit"),
    path("members/<slug:slug>/contacts/add/", views_manage.contact_add, name="contact_add"),
    path(
        "members/<slug:slug>/contacts/<int:pk>/edit/",
        views_manage.contact_edit,
        name="contact_edit",
    ),
    path(
        "members/<slug:slug>/contacts/<int:pk>/delete/",
        views_manage.contact_delete_view,
        name="contact_delete",
    ),
    path("members/<slug:slug>/users/", views_manage.institution_users, name="institution_users"),
    path(
        "members/<slug:slug>/users/<int:pk>/remove/",
        views_manage.role_revoke,
        name="role_revoke",
    ),
    path("networks/", views.network_index, name="network_list"),
    path("networks/<slug:slug>/", views.network_detail, name="network_detail"),
    path("networks/<slug:slug>/statement/", views.statement, name="statement"),
    path("networks/<slug:slug>/statement/print/", views.statement_print, name="statement_print"),
    path(
        "networks/<slug:slug>/statement/new-version/",
        views_manage.statement_new_version,
        name="statement_new_version",
    ),
    path(
        "networks/<slug:slug>/statement/sign/",
        views_manage.statement_sign_view,
        name="statement_sign",
    ),
    path("networks/<slug:slug>/apply/", views.apply, name="apply"),
    path("networks/<slug:slug>/apply/thanks/", views.apply_done, name="apply_done"),
    path(
        "memberships/<int:pk>/leave/", views_manage.membership_leave_view, name="membership_leave"
    ),
    path("applications/", views_manage.application_list_view, name="application_list"),
    path(
        "applications/<uuid:public_id>/",
        views_manage.application_detail,
        name="application_detail",
    ),
    path("applications/reply/<str:token>/", views.application_reply, name="application_reply"),
]
