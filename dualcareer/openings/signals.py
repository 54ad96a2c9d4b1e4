"""Receivers of the cases app's extension points: the partner's saved searches in
their own download (`case_exporting`), and a saved profile's embedding for
matching (`profile_saved`, sent explicitly by the profile services). The
exchange's records have their own receivers (`dualcareer.exchange.signals`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.dispatch import receiver

from dualcareer.cases.gdpr import case_exporting
from dualcareer.cases.services import profile_saved
from dualcareer.openings import matchmaking
from dualcareer.openings.models import SavedSearch

# The fields of our records that only `case_exporting` exports, and the fields
# left out with the reason. A test fails when a field is in neither.
EXPORTED_FIELDS: dict[type[Any], list[str]] = {
    SavedSearch: [
        "id",
        "public_id",
        "created_at",
        "updated_at",
        "name",
        "params",
        "alerts_enabled",
        "last_sent_at",
    ],
}
EXPORT_EXCLUDED: dict[type[Any], dict[str, str]] = {
    SavedSearch: {"user": "the partner's account, exported by cases"},
}


def _export_value(value: Any) -> Any:
    """A JSON-able value: dates as ISO text, identifiers as text."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if value is not None and not isinstance(value, str | int | float | bool | dict | list):
        return str(value)
    return value


@receiver(case_exporting, dispatch_uid="openings_case_exporting")
def export_saved_searches(sender: Any, case: Any, account: Any, **kwargs: Any) -> dict[str, Any]:
    """With `account` (the partner's own download), the partner's saved searches (GDPR Art. 15)."""
    if account is None:
        return {}
    names = EXPORTED_FIELDS[SavedSearch]
    searches = SavedSearch.objects.filter(user=account).order_by("created_at", "pk")
    return {
        "openings.savedsearch": [
            {name: _export_value(getattr(search, name)) for name in names} for search in searches
        ]
    }


@receiver(profile_saved, dispatch_uid="openings_profile_saved")
def embed_saved_profile(sender: Any, profile: Any, **kwargs: Any) -> None:
    """Store the saved profile's embedding and ESCO links after the commit (text changed only)."""
    matchmaking.embed_profile_on_commit(profile)
