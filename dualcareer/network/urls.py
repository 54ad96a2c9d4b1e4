from django.urls import path

from dualcareer.network.views import coordinator, officer, public

app_name = "network"

urlpatterns = [
    path("members/", public.directory, name="directory"),
    path("members/map/", public.map_view, name="map"),
    path("members/map/data.json", public.map_data, name="map_data"),
    path("members/<slug:slug>/", public.institution_detail, name="institution_detail"),
    path("members/<slug:slug>/edit/", officer.institution_edit, name="institution_edit"),
    path("members/<slug:slug>/contacts/add/", officer.contact_add, name="contact_add"),
    path(
        "members/<slug:slug>/contacts/<int:pk>/edit/",
        officer.contact_edit,
        name="contact_edit",
    ),
    path(
        "members/<slug:slug>/contacts/<int:pk>/delete/",
        officer.contact_delete_view,
        name="contact_delete",
    ),
    path("members/<slug:slug>/users/", officer.institution_users, name="institution_users"),
    path(
        "members/<slug:slug>/users/<int:pk>/remove/",
        officer.role_revoke,
        name="role_revoke",
    ),
    path("networks/", public.network_index, name="network_list"),
    path("networks/<slug:slug>/", public.network_detail, name="network_detail"),
    path("networks/<slug:slug>/statement/", public.statement, name="statement"),
    path("networks/<slug:slug>/statement/print/", public.statement_print, name="statement_print"),
    path(
        "networks/<slug:slug>/statement/new-version/",
        coordinator.statement_new_version,
        name="statement_new_version",
    ),
    path(
        "networks/<slug:slug>/statement/sign/",
        officer.statement_sign_view,
        name="statement_sign",
    ),
    path("networks/<slug:slug>/apply/", public.apply, name="apply"),
    path("networks/<slug:slug>/apply/thanks/", public.apply_done, name="apply_done"),
    path("memberships/<int:pk>/leave/", officer.membership_leave_view, name="membership_leave"),
    path("applications/", coordinator.application_list_view, name="application_list"),
    path(
        "applications/<uuid:public_id>/",
        coordinator.application_detail,
        name="application_detail",
    ),
    path("applications/reply/<str:token>/", public.application_reply, name="application_reply"),
]
