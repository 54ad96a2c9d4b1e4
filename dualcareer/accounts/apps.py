from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "dualcareer.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from dualcareer.accounts import axes_privacy, dashboard, signals  # noqa: F401
        from dualcareer.accounts.twofactor import AUDIT_LABELS
        from dualcareer.core.audit_labels import ACTION_LABELS

        ACTION_LABELS.update(AUDIT_LABELS)
