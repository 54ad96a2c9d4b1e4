"""The scopes an API token may carry: `<resource>:read` and `<resource>:write`.

A view names the scope each HTTP method needs (`required_scopes`); a request
authenticated with a token that lacks it is refused with 403 naming the
missing scope. Session requests (the browser) are not limited by scopes: the
user's own permissions apply, as on the pages.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SCOPES: dict[str, str | Promise] = {
    "openings:read": _("Read openings"),
    "openings:write": _("Post and edit openings, import JobPostings"),
    "introductions:read": _("Read introductions addressed to your institution"),
    "introductions:write": _("Answer introductions"),
    "institutions:read": _("Read institutions"),
    "networks:read": _("Read networks"),
    "knowledge:read": _("Read knowledge articles"),
    "knowledge:write": _("Publish and change knowledge articles"),
    "cases:read": _("Read cases, partner profiles and consents"),
    "cases:write": _("Change cases"),
    "trainings:read": _("Read trainings and registrations"),
    "trainings:write": _("Register for trainings; organise a network's programme"),
    "statistics:read": _("Read statistics"),
}

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def scope_for(resource: str, method: str) -> str:
    """The scope `method` needs on `resource`: read for safe methods, write otherwise."""
    return f"{resource}:{'read' if method.upper() in READ_METHODS else 'write'}"
