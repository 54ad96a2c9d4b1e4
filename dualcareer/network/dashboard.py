"""The coordinator's networks on the dashboard."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from dualcareer.accounts.permissions import network_ids_coordinated_by
from dualcareer.core import dashboard
from dualcareer.network.selectors import network_list


@dashboard.panel(order=10)
def coordinated_networks_panel(request: HttpRequest) -> dashboard.Panel | None:
    ids = network_ids_coordinated_by(request.user)
    if not ids:
        return None
    return dashboard.Panel(
        title=_("Networks you coordinate"),
        template="network/panel_coordinated.html",
        context={"networks": network_list().filter(id__in=ids)},
    )
