"""Writes of openings and saved searches: permission check, transaction, audit entry.

Introductions and network requests are in the exchange app
(`dualcareer/exchange/services.py`); the JSON-LD import is in
`importing.py`; the daily digest in `alerts.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from math import isfinite
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions
from dualcareer.core import audit
from dualcareer.network.models import Institution
from dualcareer.openings import geo, matchmaking
from dualcareer.openings.models import (
    LANGUAGE_CODES,
    Opening,
    OpeningPlace,
    SavedSearch,
    Source,
    live_public_condition,
)

# Fields of an opening that a form, the API or an import may set.
OPENING_FIELDS = (
    "reference",
    "title_de",
    "title_en",
    "description_de",
    "description_en",
    "occupation_field",
    "esco_uri",
    "remote_share",
    "working_time",
    "hours_per_week",
    "contract_type",
    "start_date",
    "salary_band",
    "salary_min",
    "salary_max",
    "apply_url",
    "closing_date",
    "visibility",
    "is_published",
    "source_url",
)
MAX_PLACES = 10


def build_places(places: Iterable[dict[str, Any]]) -> list[OpeningPlace]:
    """Return unsaved, validated places with coordinates looked up from the postcode."""
    built: list[OpeningPlace] = []
    for index, data in enumerate(places):
        place = OpeningPlace(
            street=(data.get("street") or "").strip()[:200],
            postcode=(data.get("postcode") or "").strip(),
            city=(data.get("city") or "").strip()[:100],
            country=(data.get("country") or "DE").strip().upper(),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
        )
        if not place.postcode and not place.city:
            continue
        # NaN passes the range validators (every comparison with it is false).
        for name in ("latitude", "longitude"):
            value = getattr(place, name)
            if value is not None and (not isinstance(value, int | float) or not isfinite(value)):
                raise ValidationError(
                    {"places": _("Place %(n)s: %(msg)s") % {"n": index + 1, "msg": name}}
                )
        try:
            # Field validators only: the one constraint (postcode or city) is checked
            # above, and full_clean() would ask the database for it once per place.
            place.clean_fields(exclude=["opening"])
        except ValidationError as error:
            raise ValidationError(
                {
                    "places": _("Place %(n)s: %(msg)s")
                    % {"n": index + 1, "msg": " ".join(error.messages)}
                }
            ) from error
        if (
            place.postcode
            and place.country == "DE"
            and (place.latitude is None or place.longitude is None)
        ):
            point = geo.postcode_point(place.postcode)
            if point is not None:
                place.latitude, place.longitude = point.latitude, point.longitude
                place.city = place.city or point.place
        built.append(place)
    if len(built) > MAX_PLACES:
        raise ValidationError({"places": _("At most %(n)s places.") % {"n": MAX_PLACES}})
    return built


def _check_levels(levels: dict[str, str] | None) -> dict[str, str] | None:
    """The required level per language: CEFR levels or "native"; unknown ones are refused."""
    if levels is None:
        return None
    from dualcareer.cases.models import LanguageLevel

    for code, level in levels.items():
        if level and level not in LanguageLevel.values:
            raise ValidationError({f"level_{code}": _("Choose a level from A1 to C2 or native.")})
    return {code: level for code, level in levels.items() if level}


def _check_languages(languages: Iterable[str]) -> list[str]:
    codes = [code for code in languages if code]
    unknown = [code for code in codes if code not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            {
                "languages": _("Unknown language code: %(codes)s")
                % {"codes": ", ".join(sorted(unknown))}
            }
        )
    return codes


def _apply(opening: Opening, data: dict[str, Any]) -> None:
    for key, value in data.items():
        if key not in OPENING_FIELDS:
            raise ValidationError({key: _("This field cannot be set.")})
        if isinstance(value, str):
            value = value.strip()
        setattr(opening, key, value)


def _validate(opening: Opening, places: list[OpeningPlace]) -> None:
    if not opening.title_de and not opening.title_en:
        raise ValidationError({"title_de": _("Enter a title in German or in English.")})
    if (opening.title_de and not opening.description_de and not opening.description_en) or (
        opening.title_en and not opening.description_en and not opening.description_de
    ):
        raise ValidationError({"description_de": _("Enter a description.")})
    if not places and opening.remote_share < 100:
        raise ValidationError(
            {"places": _("Enter at least one place of work (or a remote share of 100 %).")}
        )
    opening.full_clean(exclude=["search_text", "created_by"], validate_constraints=False)
    if (
        opening.salary_min is not None
        and opening.salary_max is not None
        and opening.salary_max < opening.salary_min
    ):
        raise ValidationError({"salary_max": _("The upper end is below the lower end.")})
    if opening.reference:
        clash = Opening.objects.filter(
            institution_id=opening.institution_id, reference=opening.reference
        ).exclude(pk=opening.pk)
        if clash.exists():
            raise ValidationError(
                {"reference": _("Your institution already has an opening with this reference.")}
            )


def opening_create(
    *,
    user: Any,
    institution: Institution,
    data: dict[str, Any],
    places: Iterable[dict[str, Any]],
    languages: Iterable[str] = (),
    source: str = Source.FORM,
    language_levels: dict[str, str] | None = None,
) -> Opening:
    """Create and (unless `is_published` is False) publish an opening of `institution`."""
    permissions.require(user, "opening.create", institution)
    opening = Opening(institution=institution, created_by=user, source=source)
    _apply(opening, data)
    opening.set_languages(_check_languages(languages), _check_levels(language_levels))
    built = build_places(places)
    _validate(opening, built)
    if opening.is_published:
        opening.published_at = timezone.now()
    opening.index_places(built)
    with transaction.atomic():
        opening.save()
        matchmaking.embed_on_commit(opening)
        for place in built:
            place.opening = opening
        OpeningPlace.objects.bulk_create(built)
        audit.log(
            opening,
            "opening.created",
            actor=user,
            data={"opening": opening.public_id, "visibility": opening.visibility, "source": source},
        )
    return opening


def opening_update(
    *,
    user: Any,
    opening: Opening,
    data: dict[str, Any],
    places: Iterable[dict[str, Any]] | None = None,
    languages: Iterable[str] | None = None,
    language_levels: dict[str, str] | None = None,
) -> Opening:
    """Change an opening; `places`/`languages`/`language_levels` replace the old ones when
    given."""
    permissions.require(user, "opening.edit", opening)
    was_published = opening.is_published
    _apply(opening, data)
    if languages is not None:
        opening.set_languages(_check_languages(languages), _check_levels(language_levels))
    built = build_places(places) if places is not None else list(opening.places.all())
    _validate(opening, built)
    if opening.is_published and not was_published:
        opening.published_at = timezone.now()
    opening.index_places(built)
    with transaction.atomic():
        opening.save()
        matchmaking.embed_on_commit(opening)
        if places is not None:
            opening.places.all().delete()
            for place in built:
                place.opening = opening
            OpeningPlace.objects.bulk_create(built)
        audit.log(
            opening,
            "opening.updated",
            actor=user,
            data={"opening": opening.public_id, "published": opening.is_published},
        )
    return opening


def opening_set_published(*, user: Any, opening: Opening, published: bool) -> Opening:
    """Publish or withdraw an opening; an expired one cannot be published again."""
    permissions.require(user, "opening.edit", opening)
    if published and opening.is_expired():
        raise ValidationError({"closing_date": _("The closing date has passed; change it first.")})
    with transaction.atomic():
        opening.is_published = published
        if published:
            opening.published_at = timezone.now()
        opening.save(update_fields=["is_published", "published_at", "updated_at"])
        matchmaking.embed_on_commit(opening)  # the index follows the publication
        audit.log(
            opening,
            "opening.published" if published else "opening.unpublished",
            actor=user,
            data={"opening": opening.public_id},
        )
    return opening


def openings_unpublish_expired(*, today: Any = None) -> int:
    """Unpublish every opening whose closing date has passed; return how many (scheduler)."""
    today = today or timezone.localdate()
    expired = list(
        Opening.objects.filter(is_published=True, closing_date__lt=today).only(
            "id", "public_id", "institution_id"
        )
    )
    with transaction.atomic():
        Opening.objects.filter(pk__in=[o.pk for o in expired]).update(
            is_published=False, updated_at=timezone.now()
        )
        for opening in expired:
            audit.log(
                opening,
                "opening.unpublished",
                data={"opening": opening.public_id, "reason": "closing_date_passed"},
            )
    return len(expired)


# Openings written this long before a pruning began have their words listed again after it.
SEARCH_WORDS_CATCH_UP = dt.timedelta(hours=25)


def search_words_prune() -> tuple[int, int, int]:
    """Drop the stored words no opening holds any more, and count the openings holding each
    word; return (dropped, listed again, counted).

    The list of words (``openings_searchword``, PostgreSQL, migration 0013)
    only grows while openings are written; words of changed, deleted or
    anonymised openings would stay in it for good. This removes every word
    that no opening holds and the doubles that two parallel writers may
    leave. An opening written while it ran may have relied on a word it
    removed (its writer saw the word still listed), so the words of the
    openings written in the last ``SEARCH_WORDS_CATCH_UP`` are listed again
    afterwards: run daily, every such gap is closed by the next run at the
    latest. Then every listed word gets the number of live public openings
    holding it (migration 0015), which the word search reads to choose its
    plan and to skip counting a word far above the list's cap
    (``selectors.COUNT_MARGIN``). Safe to run again after being stopped;
    nothing to do on SQLite.
    """
    if connection.vendor != "postgresql":
        return 0, 0, 0
    since = timezone.now() - SEARCH_WORDS_CATCH_UP
    # The openings everybody sees, as the list reads them (`Opening.objects.live()`), and
    # the others, as SQL text for ts_stat (which takes a query, not parameters): each
    # opening's words are read once, counted for the first, only held for the others.
    public = live_public_condition()
    operations: Any = connection.ops  # PostgreSQL's own: compose_sql
    words = RawSQL("search_vector", [])
    public_sql, others_sql = (
        operations.compose_sql(*rows.order_by().values_list(words).query.sql_with_params())
        for rows in (Opening.objects.filter(public), Opening.objects.exclude(public))
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM openings_searchword a USING openings_searchword b "
            "WHERE a.word = b.word AND a.ctid > b.ctid"
        )
        # Every word some opening holds, with the number of live public openings holding
        # it, read once over all openings (ts_stat), against a look-up in the index per
        # listed word.
        cursor.execute(
            "CREATE TEMPORARY TABLE openings_searchword_held AS "
            "SELECT word, ndoc AS openings FROM ts_stat(%s) "
            "UNION ALL SELECT word, 0 FROM ts_stat(%s)",
            [public_sql, others_sql],
        )
        cursor.execute("ANALYZE openings_searchword_held")
        cursor.execute(
            "DELETE FROM openings_searchword w WHERE NOT EXISTS "
            "(SELECT 1 FROM openings_searchword_held h WHERE h.word = w.word)"
        )
        dropped = cursor.rowcount
        cursor.execute(
            "INSERT INTO openings_searchword (word) "
            "SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM openings_opening "
            "WHERE updated_at >= %s "
            "EXCEPT SELECT word FROM openings_searchword",
            [since],
        )
        listed = cursor.rowcount
        # Rows whose count is unchanged are not written again.
        cursor.execute(
            "UPDATE openings_searchword w SET openings = h.openings "
            "FROM (SELECT word, max(openings) AS openings FROM openings_searchword_held "
            "GROUP BY word) h "
            "WHERE w.word = h.word AND w.openings IS DISTINCT FROM h.openings"
        )
        cursor.execute("SELECT count(*) FROM openings_searchword WHERE openings IS NOT NULL")
        (counted,) = cursor.fetchone()
        # (dropped here, not at the commit: the caller's transaction may go on)
        cursor.execute("DROP TABLE openings_searchword_held")
    return dropped, listed, counted


def saved_search_create(
    *, user: Any, name: str, params: dict[str, Any], alerts_enabled: bool = True
) -> SavedSearch:
    """Save the user's current list filters under `name`."""
    if not getattr(user, "is_authenticated", False):
        raise permissions.PermissionDenied("saved_search")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter a name for the search.")})
    if SavedSearch.objects.filter(user=user).count() >= 20:
        raise ValidationError({"name": _("You can save at most 20 searches.")})
    with transaction.atomic():
        search = SavedSearch.objects.create(
            user=user,
            name=name[:100],
            params=params,
            alerts_enabled=alerts_enabled,
            last_sent_at=timezone.now(),
        )
        audit.log(search, "saved_search.created", actor=user, data={"alerts": alerts_enabled})
    return search


def saved_search_delete(*, user: Any, search: SavedSearch) -> None:
    """Delete one of the user's own saved searches."""
    if search.user_id != getattr(user, "pk", None):
        raise permissions.PermissionDenied("saved_search")
    with transaction.atomic():
        audit.log(search, "saved_search.deleted", actor=user)
        search.delete()


def saved_search_unsubscribe(*, search: SavedSearch) -> SavedSearch:
    """Turn off the alert of a saved search (from the signed link in a digest; no login)."""
    with transaction.atomic():
        search.alerts_enabled = False
        search.save(update_fields=["alerts_enabled", "updated_at"])
        audit.log(search, "saved_search.unsubscribed", data={"search": search.public_id})
    return search
