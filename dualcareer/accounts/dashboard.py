"""The user's own roles on the dashboard."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from dualcareer.accounts.models import InstitutionRole
from dualcareer.core import dashboard


@dashboard.panel(order=90)
def roles_panel(request: HttpRequest) -> dashboard.Panel | None:
    roles = InstitutionRole.objects.filter(user_id=int(request.user.pk or 0)).select_related(
        "institution"
    )
    if not roles:
        return None
    return dashboard.Panel(
        title=_("Your roles"), template="accounts/panel_roles.html", context={"roles": roles}
    )
