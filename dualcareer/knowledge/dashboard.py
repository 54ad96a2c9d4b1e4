"""The knowledge dashboard panel: the library, the self-assessment and the discussions."""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from dualcareer.core import dashboard
from dualcareer.knowledge import access, selectors


@dashboard.panel(order=40)
def knowledge_panel(request: HttpRequest) -> dashboard.Panel | None:
    if not access.is_member(request.user):
        return None
    return dashboard.Panel(
        title=_("Knowledge and quality"),
        template="knowledge/panel.html",
        context={
            "recent": list(selectors.article_list(user=request.user)[:3]),
            "to_assess": selectors.assessment_networks(user=request.user),
            "year": timezone.localdate().year,
        },
    )
