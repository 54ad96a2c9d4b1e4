from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "dualcareer.public"
    label = "public"
    verbose_name = _("Public site")

    def ready(self) -> None:
        from dualcareer.public import sections  # noqa: F401
