"""The single sign-on pages, in both languages (German without a prefix, English under /en/).

The protocol endpoints that the identity providers call back have one fixed
address each, registered at the provider: `endpoint_urls`, outside the
language prefixes.
"""

from django.urls import path

from dualcareer.sso.views import coordinator, public

app_name = "sso"

urlpatterns = [
    path("", public.choose, name="choose"),
    path("providers/", coordinator.provider_list, name="provider_list"),
    path("providers/new/", coordinator.provider_edit, name="provider_create"),
    path("providers/<int:pk>/", coordinator.provider_edit, name="provider_edit"),
    path("<slug:slug>/login/", public.login, name="login"),
]
