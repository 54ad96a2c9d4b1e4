from django.urls import path

from dualcareer.public import feeds
from dualcareer.public.views import coordinator, public

app_name = "public"

urlpatterns = [
    path("info/<slug:slug>/", public.page_detail, name="page"),
    path("news/", public.news_list, name="news_list"),
    path("news/rss/", feeds.NewsRssFeed(), name="news_rss"),
    path("news/atom/", feeds.NewsAtomFeed(), name="news_atom"),
    path("news/<slug:slug>/", public.news_detail, name="news_detail"),
    path("stories/", public.story_list, name="story_list"),
    path("stories/<slug:slug>/", public.story_detail, name="story_detail"),
    path("contact/", public.contact, name="contact"),
    path("feeds/openings/rss/", feeds.OpeningsRssFeed(), name="openings_rss"),
    path("feeds/openings/atom/", feeds.OpeningsAtomFeed(), name="openings_atom"),
    # The coordinators' editor.
    path("site-editor/", coordinator.manage, name="manage"),
    path("site-editor/new/<str:kind>/", coordinator.page_create, name="page_create"),
    path("site-editor/messages/", coordinator.contact_messages, name="contact_messages"),
    path("site-editor/<slug:slug>/", coordinator.page_edit, name="page_edit"),
    path("site-editor/<slug:slug>/versions/", coordinator.page_versions, name="page_versions"),
    path(
        "site-editor/<slug:slug>/versions/<int:number>/",
        coordinator.page_version,
        name="page_version",
    ),
    path(
        "site-editor/<slug:slug>/versions/<int:number>/restore/",
        coordinator.page_restore,
        name="page_restore",
    ),
    path("site-editor/<slug:slug>/consent/", coordinator.story_consent, name="story_consent"),
    path(
        "site-editor/<slug:slug>/consent/<int:pk>/withdraw/",
        coordinator.story_consent_withdraw,
        name="story_consent_withdraw",
    ),
]
