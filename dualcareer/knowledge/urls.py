from django.urls import path

from dualcareer.knowledge.views import coordinator, member, public

app_name = "knowledge"

urlpatterns = [
    path("", public.library, name="library"),
    path("articles/new/", member.article_create, name="article_create"),
    path("articles/<uuid:public_id>/", public.article_detail, name="article_detail"),
    path("articles/<uuid:public_id>/edit/", member.article_edit, name="article_edit"),
    path("articles/<uuid:public_id>/comment/", member.comment_add, name="comment_add"),
    path("articles/<uuid:public_id>/helpful/", member.helpful, name="helpful"),
    path(
        "articles/<uuid:public_id>/documents/<uuid:document_id>/",
        public.document_download,
        name="document_download",
    ),
    path(
        "articles/<uuid:public_id>/documents/<uuid:document_id>/remove/",
        member.document_remove,
        name="document_remove",
    ),
    path("standards/", public.standards_index, name="standards_index"),
    path("standards/<slug:slug>/", public.standards, name="standards"),
    path(
        "standards/<slug:slug>/visibility/",
        coordinator.standards_visibility,
        name="standards_visibility",
    ),
    path(
        "standards/<slug:slug>/<str:kind>/new/",
        coordinator.standards_item_edit,
        name="standards_item_add",
    ),
    path(
        "standards/<slug:slug>/<str:kind>/<str:code>/edit/",
        coordinator.standards_item_edit,
        name="standards_item_edit",
    ),
    path("self-assessment/", member.assessment_list, name="assessment_list"),
    path(
        "self-assessment/<slug:network>/<slug:institution>/<int:year>/",
        member.assessment_edit,
        name="assessment_edit",
    ),
    path(
        "self-assessment/<uuid:public_id>/",
        member.assessment_detail,
        name="assessment_detail",
    ),
    path(
        "self-assessment/<slug:slug>/status/",
        coordinator.submission_status,
        name="submission_status",
    ),
    path("benchmark/<slug:slug>/", member.benchmark, name="benchmark"),
    path("discussions/", member.thread_list, name="thread_list"),
    path("discussions/<uuid:public_id>/", member.thread_detail, name="thread_detail"),
    path(
        "discussions/<uuid:public_id>/moderate/",
        coordinator.thread_moderate,
        name="thread_moderate",
    ),
]
