from django.urls import path
from django.views.decorators.cache import never_cache

from dualcareer.cases.views import officer, partner

app_name = "cases"

urlpatterns = [
    path("", officer.case_list_view, name="list"),
    path("new/", officer.case_open_view, name="open"),
    path("process/", officer.process_view, name="process"),
    path("rules/", officer.policy_view, name="policy"),
    path("handovers/<uuid:public_id>/", officer.handover_decide_view, name="handover_decide"),
    path("<uuid:public_id>/", officer.case_detail_view, name="detail"),
    path("<uuid:public_id>/edit/", officer.case_edit_view, name="edit"),
    path("<uuid:public_id>/status/", officer.case_status_view, name="status"),
    path("<uuid:public_id>/close/", officer.case_close_view, name="close"),
    path("<uuid:public_id>/reopen/", officer.case_reopen_view, name="reopen"),
    path("<uuid:public_id>/invite/", officer.case_invite_view, name="invite"),
    path("<uuid:public_id>/activities/new/", officer.activity_add_view, name="activity_add"),
    path("<uuid:public_id>/tasks/<int:task_id>/", officer.task_done_view, name="task_done"),
    path("<uuid:public_id>/profile/", officer.profile_edit_view, name="profile_edit"),
    path("<uuid:public_id>/cv/", officer.case_cv_view, name="cv"),
    path(
        "<uuid:public_id>/consents/withdraw/",
        officer.consent_withdraw_officer_view,
        name="consent_withdraw",
    ),
    path("<uuid:public_id>/export/", officer.case_export_view, name="export"),
    path(
        "<uuid:public_id>/export.json",
        officer.case_export_view,
        {"as_json": True},
        name="export_json",
    ),
    path("<uuid:public_id>/erase/", officer.case_erase_view, name="erase"),
    path("<uuid:public_id>/handover/", officer.handover_request_view, name="handover"),
    path("<uuid:public_id>/handover/cancel/", officer.handover_cancel_view, name="handover_cancel"),
    # The partner's self-service.
    path("invitation/<str:token>/", partner.invitation_view, name="invitation"),
    path("my/", partner.my_case_view, name="my_case"),
    path("my/profile/", partner.my_profile_view, name="my_profile"),
    path("my/cv/", partner.my_cv_view, name="my_cv"),
    path("my/consent/", partner.my_consent_view, name="my_consent"),
    path("my/export/", partner.my_export_view, name="my_export"),
    path("my/export.json", partner.my_export_view, {"as_json": True}, name="my_export_json"),
    path("my/export.pdf", partner.my_export_view, {"as_pdf": True}, name="my_export_pdf"),
    path("my/erase/", partner.my_erase_view, name="my_erase"),
    path("my/handover/", partner.my_handover_view, name="my_handover"),
]

# Every page under /cases/ shows (or acts on) partner data: no browser or proxy
# may keep a copy ("Cache-Control: no-cache, no-store, must-revalidate, private").
# Applied here to every pattern, so that a new page cannot forget it.
for _pattern in urlpatterns:
    _pattern.callback = never_cache(_pattern.callback)
