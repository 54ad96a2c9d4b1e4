"""The network's dashboard panels: coordinated networks, open applications, own profile."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from dualcareer.accounts.permissions import network_ids_coordinated_by
from dualcareer.core import dashboard
from dualcareer.network import selectors
from dualcareer.network.models import Application


@dashboard.panel(order=10)
def coordinated_networks_panel(request: HttpRequest) -> dashboard.Panel | None:
    ids = network_ids_coordinated_by(request.user)
    if not ids:
        return None
    return dashboard.Panel(
        title=_("Networks you coordinate"),
        template="network/panel_coordinated.html",
        context={"networks": selectors.network_list().filter(id__in=ids)},
    )


@dashboard.panel(order=11)
def applications_panel(request: HttpRequest) -> dashboard.Panel | None:
    if not network_ids_coordinated_by(request.user):
        return None
    applications = selectors.application_list(user=request.user).filter(
        status__in=Application.OPEN_STATUSES
    )
    return dashboard.Panel(
        title=_("Open applications"),
        template="network/panel_applications.html",
        context={"applications": list(applications[:10])},
    )


@dashboard.panel(order=12)
def own_institution_panel(request: HttpRequest) -> dashboard.Panel | None:
    institutions = selectors.own_institutions_editable(user=request.user)
    if not institutions:
        return None
    return dashboard.Panel(
        title=_("Your institution's profile"),
        template="network/panel_institutions.html",
        context={"institutions": institutions},
    )
