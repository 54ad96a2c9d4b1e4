from django.urls import path

from dualcareer.site.views import public, signed_in

app_name = "site"

urlpatterns = [
    path("", public.home, name="home"),
    path("dashboard/", signed_in.dashboard_view, name="dashboard"),
    path("audit/", signed_in.audit_log, name="audit_log"),
    path("imprint/", public.imprint, name="imprint"),
    path("privacy/", public.privacy, name="privacy"),
    path("accessibility/", public.accessibility, name="accessibility"),
]
