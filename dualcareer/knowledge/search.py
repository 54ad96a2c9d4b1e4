"""Full-text search with stemming, the same on SQLite and PostgreSQL.

Each article keeps `search_stems`: the Snowball stems (German and English,
PyStemmer) of its title, summary, text and the text of its attached
documents, space-separated with a space at each end. A query is stemmed the
same way; an article matches when, for every word of the query, its German
or its English stem is among the article's stems. "Hochschulen" finds
"Hochschule", "Partnerinnen" finds "Partnerin": both stem alike. The match is
a plain `LIKE '% stem %'`, so both databases give the same results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import Stemmer
from django.db.models import Q

MAX_QUERY_WORDS = 8
_WORD = re.compile(r"\w+", re.UNICODE)

# Frequent words that carry no meaning for a search (left out of index and query).
STOP_WORDS = frozenset(
    [
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "mit",
        "für",
        "ein",
        "eine",
        "einen",
        "einer",
        "eines",
        "dem",
        "den",
        "des",
        "auf",
        "sich",
        "von",
        "zu",
        "zum",
        "zur",
        "im",
        "in",
        "am",
        "an",
        "wir",
        "sie",
        "ich",
        "es",
        "bei",
        "nach",
        "noch",
        "auch",
        "wird",
        "wurde",
        "werden",
        "hat",
        "haben",
        "sind",
        "oder",
        "aber",
        "als",
        "über",
        "wie",
        "was",
        "wer",
        "so",
        "the",
        "and",
        "is",
        "not",
        "with",
        "for",
        "a",
        "an",
        "of",
        "to",
        "on",
        "we",
        "she",
        "he",
        "it",
        "at",
        "by",
        "be",
        "are",
        "or",
        "but",
        "as",
        "this",
        "that",
        "from",
    ]
)


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer({"de": "german", "en": "english"}[language])


def words(text: str) -> list[str]:
    """Return the lower-case words of `text` without stop words."""
    found = (word.lower() for word in _WORD.findall(text or ""))
    return [word for word in found if word not in STOP_WORDS and not word.isdigit()]


def stems_of(word: str) -> set[str]:
    """Return the German and the English stem of one lower-case word."""
    return {_stemmer("de").stemWord(word), _stemmer("en").stemWord(word)}


def stem_text(texts: Iterable[str]) -> str:
    """Return the stored form: every distinct stem of `texts`, spaces around each."""
    stems: set[str] = set()
    for text in texts:
        for word in set(words(text)):
            stems |= stems_of(word)
    return f" {' '.join(sorted(stems))} " if stems else ""


def query_filter(query: str, field: str = "search_stems") -> Q | None:
    """Return a filter matching records whose `field` has a stem of every query word.

    None when the query has no searchable word.
    """
    terms = list(dict.fromkeys(words(query)))[:MAX_QUERY_WORDS]
    if not terms:
        return None
    condition = Q()
    for term in terms:
        either = Q()
        for stem in sorted(stems_of(term)):
            either |= Q(**{f"{field}__contains": f" {stem} "})
        condition &= either
    return condition
