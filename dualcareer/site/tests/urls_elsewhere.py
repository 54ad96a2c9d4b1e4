"""A URLconf for test_url_memo: one name of the platform's at another path."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("elsewhere/", lambda request: HttpResponse(), name="language_switch")]
