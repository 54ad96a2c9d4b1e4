"""Content that members write in both languages, shown in the reader's."""

from django.utils.translation import get_language


def in_active_language(de: str, en: str) -> str:
    """Return the English text on English pages, else the German; the other if one is empty."""
    if get_language() == "en":
        return en or de
    return de or en
