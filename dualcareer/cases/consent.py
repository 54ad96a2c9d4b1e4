"""Which consent is in force, and whom it covers: the one home of that rule.

A consent record (`cases.models.Consent`) is *in force* while it is neither
withdrawn (`withdrawn_at`) nor replaced by a newer grant of its scope
(`replaced_at`) and has not expired (`expires_at`), and its case is not
erased. Every reader asks this module: `Consent.objects.in_force()` for
queries, `record_in_force` for one loaded record, and the functions below
for what the partner's consent covers. Changing what a withdrawal hides
starts here.

Scopes: "institution" (the case's own institution), "academic"
(universities and research institutes of the network), "employers"
(employers of other sectors), "contact" (employers may make contact).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from dualcareer.network.models import Sector

if TYPE_CHECKING:
    from dualcareer.cases.models import Case, Consent


def in_force_q(now: dt.datetime, prefix: str = "") -> Q:
    """The filter of the records in force at `now`; `prefix` is a relation path ("consents__")."""
    return Q(
        **{
            f"{prefix}withdrawn_at__isnull": True,
            f"{prefix}replaced_at__isnull": True,
            f"{prefix}expires_at__gt": now,
            f"{prefix}case__anonymised_at__isnull": True,
        }
    )


class ConsentQuerySet(models.QuerySet):
    def in_force(self, now: dt.datetime | None = None) -> ConsentQuerySet:
        """The records in force at `now` (default: now)."""
        return self.filter(in_force_q(now or timezone.now()))

    def not_ended(self) -> ConsentQuerySet:
        """Records not withdrawn nor replaced, lapsed or not (what a grant or a withdrawal ends)."""
        return self.filter(withdrawn_at__isnull=True, replaced_at__isnull=True)


ConsentManager = models.Manager.from_queryset(ConsentQuerySet)


def record_in_force(consent: Consent, now: dt.datetime | None = None) -> bool:
    """Whether one loaded record is in force at `now` (its case assumed not erased)."""
    now = now or timezone.now()
    return consent.withdrawn_at is None and consent.replaced_at is None and consent.expires_at > now


def _consents() -> ConsentQuerySet:
    from dualcareer.cases.models import Consent

    return Consent.objects.all()


def scopes_in_force(case: Case, now: dt.datetime | None = None) -> set[str]:
    """The scopes of `case`'s consent in force at `now` (none for an erased case)."""
    if case.anonymised_at is not None:
        return set()
    return set(_consents().filter(case=case).in_force(now).values_list("scope", flat=True))


def scopes_in_force_by_case(
    case_ids: Iterable[int], now: dt.datetime | None = None
) -> dict[int, set[str]]:
    """`scopes_in_force` of many cases in one query: case id -> scopes (erased cases: none)."""
    scopes: dict[int, set[str]] = defaultdict(set)
    ids = set(case_ids)
    if ids:
        rows = _consents().filter(case_id__in=ids).in_force(now).values_list("case_id", "scope")
        for case_id, scope in rows:
            scopes[case_id].add(scope)
    return {case_id: scopes[case_id] for case_id in ids}


def required_scope(*, case: Any, employer: Any) -> str:
    """The consent scope sharing `case`'s profile with `employer` needs."""
    if employer.pk == case.institution_id:
        return "institution"
    if employer.sector in Sector.academic():
        return "academic"
    return "employers"


def covers(*, case: Case, institution: Any, now: dt.datetime | None = None) -> bool:
    """Whether the partner's consent in force at `now` covers sharing with `institution`."""
    return required_scope(case=case, employer=institution) in scopes_in_force(case, now)


def covering_case_ids(*, institution: Any, now: dt.datetime | None = None) -> QuerySet[Any]:
    """A subquery of the ids of cases whose consent in force covers `institution`."""
    own = Q(case__institution_id=institution.pk, scope="institution")
    other_scope = "academic" if institution.sector in Sector.academic() else "employers"
    others = ~Q(case__institution_id=institution.pk) & Q(scope=other_scope)
    return _consents().in_force(now).filter(own | others).values("case_id")


def shown_to_some_employer_case_ids(now: dt.datetime | None = None) -> QuerySet[Any]:
    """A subquery of the ids of cases whose consent in force covers at least one institution.

    The union of `covering_case_ids` over every institution (the scopes it
    reads); what a process may prepare before any employer asks.
    """
    scopes = ("institution", "academic", "employers")
    return _consents().in_force(now).filter(scope__in=scopes).values("case_id")


# --- a consent held without a break ------------------------------------------


def _unbroken(records: Sequence[Consent], since: dt.datetime, now: dt.datetime) -> bool:
    """The rule of `unbroken_since`, on the records of one case and scope."""

    def in_force_then(c: Consent) -> bool:
        return (
            c.granted_at <= since < c.expires_at
            and (c.withdrawn_at is None or c.withdrawn_at >= since)
            and (c.replaced_at is None or c.replaced_at >= since)
        )

    # Ended within the period while in force: withdrawn before expiry, or expired
    # without having been renewed (replaced) or withdrawn first.
    def broken(c: Consent) -> bool:
        withdrawn = c.withdrawn_at is not None and since <= c.withdrawn_at < c.expires_at
        lapsed = (
            since <= c.expires_at <= now
            and (c.replaced_at is None or c.replaced_at > c.expires_at)
            and (c.withdrawn_at is None or c.withdrawn_at >= c.expires_at)
        )
        return withdrawn or lapsed

    return (
        any(in_force_then(c) for c in records)
        and any(record_in_force(c, now) for c in records)
        and not any(broken(c) for c in records)
    )


def unbroken_since_many(
    checks: Sequence[tuple[Case, str, dt.datetime]], now: dt.datetime | None = None
) -> list[bool]:
    """`unbroken_since` for many (case, scope, since) at once, from one query."""
    now = now or timezone.now()
    case_ids = {case.pk for case, _scope, _since in checks if case.anonymised_at is None}
    records: dict[tuple[int, str], list[Consent]] = defaultdict(list)
    if case_ids:
        for consent in _consents().filter(case_id__in=case_ids):
            records[(consent.case_id, consent.scope)].append(consent)
    return [
        case.anonymised_at is None and _unbroken(records[(case.pk, scope)], since, now)
        for case, scope, since in checks
    ]


def unbroken_since(
    *, case: Case, scope: str, since: dt.datetime, now: dt.datetime | None = None
) -> bool:
    """Whether the partner's consent for `scope` was in force without a break from `since` to now.

    A consent renewed while in force (the old record `replaced_at` when the
    new one was granted) is no break; a withdrawal or a lapse is, even if the
    partner grants the scope again later.
    """
    return unbroken_since_many([(case, scope, since)], now)[0]


# --- reveals of introductions ------------------------------------------------


def reveal_in_force(introduction: Any, now: dt.datetime | None = None) -> bool:
    """Whether the employer may see the partner's name and contact now (`reveals_in_force`)."""
    return reveals_in_force([introduction], now)[0]


def reveals_in_force(introductions: Sequence[Any], now: dt.datetime | None = None) -> list[bool]:
    """For each introduction, whether its reveal holds now; one query for all of them.

    The partner's agreement holds only while the consent that covered the
    employer when they agreed stays in force without a break: a withdrawal
    (or a lapse) revokes the reveal for good, and granting the consent again
    does not bring it back. Each introduction's result is also kept on it
    (`Introduction.is_revealed` reads it instead of asking again) unless an
    explicit `now` is given.
    """
    pending = [i for i in introductions if i.revealed_at is not None and i.withdrawn_at is None]
    results = unbroken_since_many(
        [
            (i.case, required_scope(case=i.case, employer=i.employer), i.revealed_at)
            for i in pending
        ],
        now,
    )
    held = {id(i): result for i, result in zip(pending, results, strict=True)}
    values = [held.get(id(i), False) for i in introductions]
    if now is None:
        for introduction, value in zip(introductions, values, strict=True):
            introduction._reveal_cache = (introduction.revealed_at, value)
    return values
