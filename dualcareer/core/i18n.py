"""Languages: content written in both, a text's guessed language, URLs in a language."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language, get_language_from_path


def in_active_language(de: str, en: str) -> str:
    """Return the English text on English pages, else the German; the other if one is empty."""
    if get_language() == "en":
        return en or de
    return de or en


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Short, frequent words that tell German from English text (a guess for text
# that carries no language of its own, such as case notes).
_GERMAN_WORDS = _words(
    "der die das und ist nicht mit für ein eine einen dem den des auf sich von zu im "
    "wir sie ich es bei nach noch auch wird wurde werden hat haben sind oder aber als "
    "über kein keine mehr sehr gut schon"
)
_ENGLISH_WORDS = _words(
    "the and is not with for a an of to in on we she he it at after still also will "
    "was were be has have are or but as about no more very good already this that"
)


def guess_language(text: str) -> str | None:
    """Guess whether `text` is German or English ("de", "en"); None when unclear.

    Counts frequent function words of each language (and German letters); good
    enough to mark a note's language for screen readers and hyphenation.
    """
    words = [word.strip(".,;:!?()\"'«»„“”-").lower() for word in text.split()]
    german = sum(word in _GERMAN_WORDS for word in words)
    german += sum(ch in "äöüß" for ch in text.lower())
    english = sum(word in _ENGLISH_WORDS for word in words)
    if german > english:
        return "de"
    if english > german:
        return "en"
    return None


def localize_url(url: str, language: str) -> str:
    """`url` (a path or an absolute URL of this site) as the page in `language`.

    "/cases/x/" becomes "/en/cases/x/" for "en" and "/en/cases/x/" becomes
    "/cases/x/" for "de" (German, the default, has no prefix); query and
    fragment stay. A URL outside the language-prefixed pages (the API, static
    files) or one that does not resolve is returned unchanged.
    """
    parts = urlsplit(url)
    if not parts.path:
        url = parts._replace(path="/").geturl()
        parts = urlsplit(url)
    source = get_language_from_path(parts.path) or settings.LANGUAGE_CODE
    if source == language:
        return url
    with translation.override(source):
        return translate_url(url, language)


_TRAILING = ".,;:!?"


def localize_links(text: str, language: str) -> str:
    """Every link to this site (`SITE_URL`) in `text` rewritten to the page in `language`."""
    site = settings.SITE_URL.rstrip("/")
    if not site or site not in text:
        return text
    pattern = re.compile(re.escape(site) + r"(?![\w.-])(/[^\s<>\"'()\[\]]*)?")

    def replace(match: re.Match[str]) -> str:
        link = match.group(0)
        stripped = link.rstrip(_TRAILING)
        tail = link[len(stripped) :]
        return localize_url(stripped, language) + tail

    return pattern.sub(replace, text)


class TextIn(str):
    """A text a person wrote, with the language it is written in (`lang`, "" if unknown).

    Behaves as the string; templates mark it with `{% lang_attr text.lang %}`
    or `{% usercontent text lang=text.lang %}` on pages of the other language.
    """

    lang: str

    def __new__(cls, text: str, lang: str | None = None) -> "TextIn":
        instance = super().__new__(cls, text)
        instance.lang = lang or ""
        return instance
