from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "dualcareer.sso"
    label = "sso"
    verbose_name = _("Single sign-on")

    def ready(self) -> None:
        from dualcareer.core.audit_labels import ACTION_LABELS
        from dualcareer.sso.services import AUDIT_LABELS

        ACTION_LABELS.update(AUDIT_LABELS)
