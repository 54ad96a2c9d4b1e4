from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "dualcareer.exchange"
    label = "exchange"
    verbose_name = _("Introductions and network requests")

    def ready(self) -> None:
        from dualcareer.exchange import closing, dashboard, sections, signals  # noqa: F401
