"""The partner's people: the officers of their case as contacts, and e-mail signed by them.

Every e-mail to a partner goes through `mail_partner`: it is written in the
partner's language, its links carry that language, it is signed by the
assigned officer(s) with name, e-mail and phone (the template includes
`cases/mail/includes/signature.txt`) and replies go to them (Reply-To), not
to the platform's no-reply sender.

An officer's phone number comes from the institution's contact with the
officer's e-mail address; without one, from the institution's Dual Career
contact. A case without an active assigned officer is signed by that contact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from dualcareer.cases.models import Case
from dualcareer.core.mail import Outbox, send_on_commit
from dualcareer.network.models import Contact

REPLY_TO_MAX = 254  # the length of OutgoingMail.reply_to


@dataclass(frozen=True)
class OfficerContact:
    """Who the partner can turn to: a name, an e-mail address, a phone number."""

    name: str
    email: str
    phone: str
    institution: str


def case_contacts(*, case: Case) -> list[OfficerContact]:
    """The assigned active officers of `case` with their contact data (names: active language).

    Falls back to the institution's Dual Career contact when no officer is
    assigned; returns an empty list when there is neither.
    """
    institution = case.institution
    officers = list(
        case.assigned_officers.filter(is_active=True).order_by("last_name", "first_name", "pk")
    )
    contacts = list(Contact.objects.filter(institution_id=case.institution_id).order_by("pk"))
    by_email = {c.email.lower(): c for c in contacts if c.email}
    fallback = next((c for c in contacts if c.is_dual_career_contact), None)
    name = institution.display_name
    result = []
    for officer in officers:
        own = by_email.get(officer.email.lower())
        phone = (own.phone if own else "") or (fallback.phone if fallback else "")
        result.append(
            OfficerContact(
                name=officer.get_full_name() or officer.email,
                email=officer.email,
                phone=phone,
                institution=name,
            )
        )
    if not result and fallback is not None:
        result.append(
            OfficerContact(
                name=fallback.name, email=fallback.email, phone=fallback.phone, institution=name
            )
        )
    return result


def reply_to_of(contacts: Sequence[OfficerContact]) -> str:
    """The Reply-To header for e-mail signed by `contacts` (as many as fit the field)."""
    addresses: list[str] = []
    for contact in contacts:
        if contact.email and contact.email not in addresses:
            candidate = ", ".join([*addresses, contact.email])
            if len(candidate) > REPLY_TO_MAX:
                break
            addresses.append(contact.email)
    return ", ".join(addresses)


def partner_link(language: str, viewname: str, *args: Any) -> str:
    """An absolute link to a page in `language` (German pages have no prefix)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse(viewname, args=args)


def signature_context(*, case: Case, language: str) -> dict[str, Any]:
    """What `cases/mail/includes/signature.txt` needs, in `language`."""
    with translation.override(language or settings.LANGUAGE_CODE):
        contacts = case_contacts(case=case)
        return {
            "officers": contacts,
            "institution_name": case.institution.display_name,
            "reply_to": reply_to_of(contacts),
        }


def mail_partner(
    *,
    case: Case,
    template: str,
    context: Mapping[str, Any] | None = None,
    links: Mapping[str, tuple[Any, ...]] | None = None,
    outbox: Outbox | None = None,
) -> bool:
    """E-mail the partner of `case` (if they have an active account); say whether it was queued.

    `links` maps context names to (viewname, *args): each becomes an absolute
    link in the partner's language. Queued in the current transaction (or in
    `outbox`), signed by the case's officers, with Reply-To them.
    """
    partner = case.partner_user
    if partner is None or not partner.is_active or not partner.email:
        return False
    language = partner.language or settings.LANGUAGE_CODE
    ctx: dict[str, Any] = {
        **signature_context(case=case, language=language),
        "my_case_url": partner_link(language, "cases:my_case"),
        **(context or {}),
    }
    for name, (viewname, *args) in (links or {}).items():
        ctx[name] = partner_link(language, viewname, *args)
    send = outbox.add if outbox is not None else send_on_commit
    send(
        to=partner.email,
        language=language,
        template=template,
        context=ctx,
        institution_id=case.institution_id,
        reply_to=ctx["reply_to"],
    )
    return True
