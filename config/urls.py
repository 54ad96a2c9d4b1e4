"""URL configuration: interface pages carry the language (/ is German, /en/ English)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from dualcareer.accounts.views.public import language_switch

handler403 = "dualcareer.site.views.errors.permission_denied"
handler404 = "dualcareer.site.views.errors.page_not_found"
handler500 = "dualcareer.site.views.errors.server_error"

urlpatterns = [
    path("i18n/language/", language_switch, name="language_switch"),
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
    path("", include("dualcareer.site.urls")),
    prefix_default_language=False,
)
