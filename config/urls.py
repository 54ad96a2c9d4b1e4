"""URL configuration: interface pages carry the language (/ is German, /en/ English)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from dualcareer.accounts.views.public import language_switch
from dualcareer.core import health
from dualcareer.public import sitemaps as public_sitemaps
from dualcareer.public.views import public as public_views

handler403 = "dualcareer.site.views.errors.permission_denied"
handler404 = "dualcareer.site.views.errors.page_not_found"
# The site's 500 page, or 503 "temporarily unavailable" when the database is down.
handler500 = "dualcareer.core.health.server_error"

urlpatterns = [
    # Liveness and readiness (served first by core.health.HealthCheckMiddleware).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/language/", language_switch, name="language_switch"),
    # Single sign-on's protocol endpoints: one address in every language (registered at the
    # providers); its pages are in the language patterns below.
    path("sso/", include("dualcareer.sso.endpoint_urls")),
    # For search engines: the sitemap of both languages and the crawler rules.
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": public_sitemaps.SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", public_views.robots_txt, name="robots_txt"),
    # The API: versioned under /api/v1/; the unversioned paths are v1's deprecated aliases.
    path("api/v1/", include(("dualcareer.api.urls_v1", "api_v1"))),
    path("api/", include("dualcareer.api.urls")),
]

if settings.DEBUG:  # development only: the e-mails sent, readable in the browser
    from dualcareer.site.views import dev

    urlpatterns += [
        path("dev/mail/", dev.mail_list, name="dev_mail_list"),
        path("dev/mail/<str:name>/", dev.mail_detail, name="dev_mail_detail"),
    ]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("dualcareer.accounts.urls")),
    path("network/", include("dualcareer.network.urls")),
    path("cases/", include("dualcareer.cases.urls")),
    # The exchange keeps the /openings/... paths it had inside the openings app.
    path("openings/", include("dualcareer.exchange.urls")),
    path("openings/", include("dualcareer.openings.urls")),
    path("knowledge/", include("dualcareer.knowledge.urls")),
    path("integrations/", include("dualcareer.api.page_urls")),
    path("statistics/", include("dualcareer.statistics.urls")),
    path("trainings/", include("dualcareer.trainings.urls")),
    path("sso/", include("dualcareer.sso.urls")),
    # The public site: pages, news, stories, contact, feeds and the page editor.
    path("", include("dualcareer.public.urls")),
    path("", include("dualcareer.site.urls")),
    prefix_default_language=False,
)
