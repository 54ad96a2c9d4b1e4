from django.urls import path

from dualcareer.sso.views import coordinator, public

app_name = "sso"

urlpatterns = [
    path("", public.choose, name="choose"),
    path("saml/metadata/", public.saml_metadata, name="saml_metadata"),
    path("saml/acs/", public.saml_acs, name="saml_acs"),
    path("oidc/callback/", public.oidc_callback, name="oidc_callback"),
    path("providers/", coordinator.provider_list, name="provider_list"),
    path("providers/new/", coordinator.provider_edit, name="provider_create"),
    path("providers/<int:pk>/", coordinator.provider_edit, name="provider_edit"),
    path("<slug:slug>/login/", public.login, name="login"),
]
