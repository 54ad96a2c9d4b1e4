from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "dualcareer.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge and quality")

    def ready(self) -> None:
        from dualcareer.knowledge import dashboard  # noqa: F401
