from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "dualcareer.network"
    label = "network"
    verbose_name = _("Network and members")

    def ready(self) -> None:
        from dualcareer.network import dashboard  # noqa: F401
