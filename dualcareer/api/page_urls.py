"""Pages of the API (namespace "api_pages", at /integrations/): tokens, webhooks."""

from django.urls import path

from dualcareer.api.views import account, officer

app_name = "api_pages"

urlpatterns = [
    path("tokens/", account.token_list, name="token_list"),
    path("tokens/<uuid:public_id>/revoke/", account.token_revoke, name="token_revoke"),
    path("webhooks/", officer.webhook_list, name="webhook_list"),
    path("webhooks/<uuid:public_id>/", officer.webhook_detail, name="webhook_detail"),
    path("webhooks/<uuid:public_id>/delete/", officer.webhook_delete, name="webhook_delete"),
]
