from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpeningsConfig(AppConfig):
    name = "dualcareer.openings"
    label = "openings"
    verbose_name = _("Openings")

    def ready(self) -> None:
        from dualcareer.openings import signals  # noqa: F401
