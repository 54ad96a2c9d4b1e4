from django.urls import path

from dualcareer.trainings.views import coordinator, participant, public

app_name = "trainings"

urlpatterns = [
    path("", public.programme, name="programme"),
    path("<uuid:public_id>/", public.detail, name="detail"),
    path(
        "<uuid:public_id>/documents/<uuid:document_id>/",
        public.document_download,
        name="document",
    ),
    path("<uuid:public_id>/calendar.ics", public.training_ics, name="ics"),
    path("confirm/<str:token>/", public.confirm, name="confirm"),
    path("registration/<str:token>/", public.registration, name="registration"),
    path("verify/", public.verify, name="verify"),
    path("verify/<str:code>/", public.verify, name="verify_code"),
    path("feed/<str:token>.ics", public.feed, name="feed"),
    path("feedback/<str:token>/", participant.feedback, name="feedback"),
    path("mine/", participant.mine, name="mine"),
    path("mine/<uuid:public_id>/cancel/", participant.cancel, name="cancel"),
    path("mine/<uuid:public_id>/certificate.pdf", participant.certificate, name="certificate"),
    path("manage/", coordinator.manage, name="manage"),
    path("manage/<slug:slug>/new/", coordinator.training_create, name="create"),
    path("manage/<slug:slug>/feedback/", coordinator.feedback_overview, name="feedback_overview"),
    path("manage/training/<uuid:public_id>/edit/", coordinator.training_edit, name="edit"),
    path("manage/training/<uuid:public_id>/status/", coordinator.training_status, name="status"),
    path(
        "manage/training/<uuid:public_id>/participants/",
        coordinator.participants,
        name="participants",
    ),
    path(
        "manage/training/<uuid:public_id>/participants/<uuid:registration_id>/",
        coordinator.participant_action,
        name="participant_action",
    ),
    path(
        "manage/training/<uuid:public_id>/attendance/",
        coordinator.attendance,
        name="attendance",
    ),
    path(
        "manage/training/<uuid:public_id>/documents/",
        coordinator.documents,
        name="documents",
    ),
    path(
        "manage/training/<uuid:public_id>/documents/<uuid:document_id>/remove/",
        coordinator.document_remove,
        name="document_remove",
    ),
    path(
        "manage/training/<uuid:public_id>/feedback/",
        coordinator.feedback_results,
        name="feedback_results",
    ),
]
