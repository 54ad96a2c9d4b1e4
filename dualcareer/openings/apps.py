from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpeningsConfig(AppConfig):
    name = "dualcareer.openings"
    label = "openings"
    verbose_name = _("Openings and introductions")

    def ready(self) -> None:
        from dualcareer.openings import dashboard, matching_index, sections, signals  # noqa: F401
