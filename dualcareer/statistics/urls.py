from django.urls import path

from dualcareer.statistics.views import coordinator, member, public

app_name = "statistics"

urlpatterns = [
    path("", member.overview, name="overview"),
    path("download/<slug:key>.<slug:fmt>", member.download, name="download"),
    path("annual-report/", member.annual_report, name="annual_report"),
    path("publication/<slug:slug>/", coordinator.publication, name="publication"),
    path("public/", public.index, name="public_index"),
    path("public/<slug:slug>/", public.network, name="public"),
    path(
        "public/<slug:slug>/download/<slug:key>.<slug:fmt>",
        public.download,
        name="public_download",
    ),
]
