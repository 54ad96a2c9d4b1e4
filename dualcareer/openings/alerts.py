"""The daily digest of saved searches (run by the scheduler: `openings_digest`).

Each search is handled on its own: its e-mail is queued and the search marked
sent in one transaction, so one recipient that fails (or a run killed
half-way) neither stops the others nor sends anybody the digest twice.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from dualcareer.core import audit
from dualcareer.core.mail import send_templated
from dualcareer.openings.models import SavedSearch
from dualcareer.openings.selectors import OpeningFilters, opening_list, unsubscribe_token

MAX_PER_DIGEST = 20

logger = logging.getLogger(__name__)


def digest_send(*, now: dt.datetime | None = None) -> int:
    """Send one e-mail per saved search with new matching openings; return how many were sent.

    "New" means published since the search's last digest. Each user sees only
    openings visible to them at sending time, in their own language.
    """
    now = now or timezone.now()
    sent = 0
    searches = SavedSearch.objects.filter(alerts_enabled=True, user__is_active=True).select_related(
        "user"
    )
    for search in searches:
        try:
            if _digest_one(search, now):
                sent += 1
        except Exception as error:  # one recipient's failure does not stop the others
            logger.error("digest for one saved search not sent: %s", type(error).__name__)
    return sent


def _digest_one(search: SavedSearch, now: dt.datetime) -> bool:
    """Queue one search's digest and mark it sent, in one transaction; True if there was one."""
    since = search.last_sent_at or search.created_at
    openings = list(
        opening_list(user=search.user, filters=OpeningFilters.from_params(search.params))
        .filter(published_at__gt=since, published_at__lte=now)
        .order_by("-published_at")[:MAX_PER_DIGEST]
    )
    with transaction.atomic():
        search.last_sent_at = now
        search.save(update_fields=["last_sent_at"])
        if not openings:
            return False
        language = search.user.language or settings.LANGUAGE_CODE
        with translation.override(language):
            links = [
                (o, settings.SITE_URL + reverse("openings:detail", args=[o.public_id]))
                for o in openings
            ]
            unsubscribe = settings.SITE_URL + reverse(
                "openings:saved_search_unsubscribe", args=[unsubscribe_token(search)]
            )
        send_templated(
            to=search.user.email,
            language=language,
            template="openings/mail/digest",
            context={"search": search, "openings": links, "unsubscribe_url": unsubscribe},
        )
        audit.log(search, "saved_search.digest_sent", data={"openings": len(openings)})
    return True
