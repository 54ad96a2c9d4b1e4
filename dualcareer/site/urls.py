from django.urls import path

from dualcareer.site.views import officer, public, signed_in

app_name = "site"

urlpatterns = [
    path("", public.home, name="home"),
    path("dashboard/", signed_in.dashboard_view, name="dashboard"),
    path("audit/", signed_in.audit_log, name="audit_log"),
    path("today/", officer.today_view, name="today"),
    path("today/mark/", officer.today_mark_view, name="today_mark"),
    path("imprint/", public.imprint, name="imprint"),
    path("privacy/", public.privacy, name="privacy"),
    path("accessibility/", public.accessibility, name="accessibility"),
]
