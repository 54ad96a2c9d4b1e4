"""Writes about joint statements: new versions and signatures."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions
from dualcareer.accounts.models import User
from dualcareer.core import audit
from dualcareer.network.models import Institution, Network, Signature, StatementVersion
from dualcareer.network.services._common import require_coordinator
from dualcareer.network.validation import plain_text_errors

MAX_TEXT = 20_000


def statement_version_publish(
    *,
    network: Network,
    actor: User,
    title_de: str,
    title_en: str,
    text_de: str,
    text_en: str,
    published_on: dt.date | None = None,
) -> StatementVersion:
    """Publish a new version of the network's joint statement and return it.

    Earlier versions and their signatures stay as they are; members sign the
    new version anew.
    """
    require_coordinator(actor, "statement.manage", network)
    values = {"title_de": title_de, "title_en": title_en, "text_de": text_de, "text_en": text_en}
    errors = plain_text_errors(values)
    errors |= {
        field: _("This field is required.") for field, value in values.items() if not value.strip()
    }
    errors.update(
        {
            field: _("The text is too long.")
            for field in ("text_de", "text_en")
            if len(values[field]) > MAX_TEXT
        }
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Network.objects.select_for_update().get(pk=network.pk)
        last = network.statement_versions.aggregate(last=Max("number"))["last"] or 0
        version = StatementVersion.objects.create(
            network=network,
            number=last + 1,
            published_on=published_on or timezone.localdate(),
            created_by=actor,
            **{field: value.strip() for field, value in values.items()},
        )
        audit.log(
            version,
            "statement.published",
            actor=actor,
            institution_id=network.coordinating_institution_id,
            data={"network_id": network.pk, "number": version.number},
        )
    return version


def current_version(network: Network) -> StatementVersion | None:
    """Return the network's latest published statement version."""
    return (
        network.statement_versions.filter(published_on__lte=timezone.localdate())
        .order_by("-number")
        .first()
    )


def _sign(*, version: StatementVersion, institution: Institution, actor: User | None) -> Signature:
    if Signature.objects.filter(version=version, institution=institution).exists():
        raise ValidationError(_("This institution has already signed this version."))
    signature = Signature.objects.create(
        version=version, institution=institution, signed_on=timezone.localdate()
    )
    audit.log(
        signature,
        "signature.created",
        actor=actor,
        data={"network_id": version.network_id, "number": version.number},
    )
    return signature


def statement_sign(*, network: Network, institution: Institution, actor: User) -> Signature:
    """Sign the current version of the network's statement for `institution`."""
    permissions.require(actor, "institution.edit", institution)
    version = current_version(network)
    if version is None:
        raise ValidationError(_("This network has not published a joint statement."))
    is_member = network.memberships.current().filter(institution=institution).exists()
    has_signed = Signature.objects.filter(
        version__network=network, institution=institution, withdrawn_on__isnull=True
    ).exists()
    if not (is_member or has_signed):
        raise ValidationError(
            _("Only members and signatories sign here; other organisations apply online.")
        )
    with transaction.atomic():
        return _sign(version=version, institution=institution, actor=actor)
