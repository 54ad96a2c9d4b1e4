"""Writes: which figure groups a network publishes (the only thing this app changes)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions
from dualcareer.core import audit
from dualcareer.network.models import Network
from dualcareer.statistics.models import FigureGroup, PublicationSetting


def publication_set(*, network: Network, groups: list[str], actor: Any) -> PublicationSetting:
    """Choose the figure groups `network` shows on its public statistics page (coordinators)."""
    if network.pk not in permissions.network_ids_coordinated_by(actor):
        raise PermissionDenied
    unknown = [group for group in groups if group not in FigureGroup.values]
    if unknown:
        raise ValidationError({"groups": _("Unknown figure group.")})
    chosen = [group for group in FigureGroup.values if group in groups]
    with transaction.atomic():
        setting, _created = PublicationSetting.objects.select_for_update().get_or_create(
            network=network
        )
        setting.groups = chosen
        setting.updated_by = actor
        setting.save()
        audit.log(
            network,
            "statistics.publication_set",
            actor=actor,
            data={"groups": chosen},
            institution_id=network.coordinating_institution_id,
        )
    return setting
