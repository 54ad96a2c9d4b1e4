"""Reads about users and the audit log, scoped to what the reader may see."""

from typing import Any

from django.db.models import Q, QuerySet

from dualcareer.accounts import permissions
from dualcareer.core.models import AuditEntry


def audit_entry_list(*, user: Any) -> QuerySet[AuditEntry]:
    """Return the audit entries `user` may read, newest first.

    Coordinators read the entries of every institution in the networks they
    coordinate; officers read their own institution's; everybody else
    reads nothing.
    """
    institution_ids = permissions.institution_ids_with(user, "audit.view")
    institution_ids |= permissions.institution_ids_with(user, "audit.view_own")
    if not institution_ids:
        return AuditEntry.objects.none()
    query = Q(institution_id__in=institution_ids)
    return AuditEntry.objects.filter(query).select_related("actor", "target_type")
