"""Text analysis for German and English job titles and profiles.

- :func:`detect_language` tells German from English with a few hundred bytes
  of rules (no model, nothing to download); good enough for titles and profiles,
  which are the only texts the engine sees.
- :func:`normalise_title` turns a German job title as people write it
  ("Softwareentwickler/in (m/w/d)", "Bürokaufmann/-frau", "Pflegefachkraft*in")
  into one neutral (grammatically masculine, as in ESCO's first label) form.
- :func:`analyse` turns any text into index terms: lower case, gender forms
  neutralised, German compounds split into their parts (the whole word is kept
  too), Snowball-stemmed; umlaut spellings ("Baecker", "Bäcker") meet because
  the German Snowball stemmer folds both to the same stem.

The compound splitter learns its vocabulary from the German ESCO descriptions
shipped in ``dualcareer/data`` (see :func:`default_splitter`); pass your own
:class:`CompoundSplitter` to use another vocabulary.
"""

from __future__ import annotations

import csv
import gzip
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Literal

import Stemmer

Language = Literal["de", "en"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*|\d+", re.UNICODE)

# "(m/w/d)", "(w/m/d)", "m/w/d", "(m/f/d)", "(d/m/w)", "(m|w|d)", "(mwd)", "(all genders)", "(gn)"
_GENDER_TAG = re.compile(
    r"""\(\s*(?:[mwfdxi]|div)(?:\s*[/|,*]\s*(?:[mwfdxi]|div|divers))+\s*\)
      | \b[mwf]\s*/\s*[mwf]\s*/\s*(?:d|x|div)\b
      | \(\s*(?:mwd|wmd|mfd|gn\*?|all\s+genders?|alle\s+geschlechter|genderneutral)\s*\)""",
    re.IGNORECASE | re.VERBOSE,
)
# "Entwickler/in", "Entwickler/-in", "Entwickler*in", "Entwickler:in", "Entwickler_in",
# "Entwickler(in)", plural "…/innen"; the feminine suffix disappears.
_GENDER_SUFFIX = re.compile(r"(?<=[^\W\d_])\s?(?:/\s?-?|\*|:|_|\()(?:in|innen)\b\)?", re.UNICODE)
# Binnen-I: "EntwicklerIn", "EntwicklerInnen" (case-sensitive on purpose).
_BINNEN_I = re.compile(r"(?<=[a-zäöüß])In(?:nen)?\b")
# "Bürokaufmann/-frau", "Kaufmann/Kauffrau", "Fachmann / -frau"
_MANN_FRAU = re.compile(r"mann\s?/\s?-?\s?(?:[^\W\d_]*frau)\b", re.IGNORECASE | re.UNICODE)
_FRAU_MANN = re.compile(r"frau\s?/\s?-?\s?(?:[^\W\d_]*mann)\b", re.IGNORECASE | re.UNICODE)

# Feminine -> masculine word endings, longest first. Applied to words of 6+ letters.
_FEMININE_ENDINGS: tuple[tuple[str, str], ...] = (
    ("ärztinnen", "arzt"),
    ("ärztin", "arzt"),
    ("anwältin", "anwalt"),
    ("rätin", "rat"),
    ("köchin", "koch"),
    ("bäuerin", "bauer"),
    ("beamtin", "beamter"),
    ("kauffrau", "kaufmann"),
    ("fachfrau", "fachmann"),
    ("ologinnen", "ologen"),
    ("ologin", "ologe"),
    ("agogin", "agoge"),
    ("urgin", "urg"),
    ("erinnen", "er"),
    ("orinnen", "or"),
    ("istinnen", "isten"),
    ("erin", "er"),
    ("orin", "or"),
    ("istin", "ist"),
    ("antin", "ant"),
    ("entin", "ent"),
    ("eurin", "eur"),
    ("euse", "eur"),
    ("ärin", "är"),
    ("arin", "ar"),
    ("atin", "at"),
    ("ektin", "ekt"),
    ("eutin", "eut"),
    ("onomin", "onom"),
    ("aphin", "aph"),
    ("wirtin", "wirt"),
    ("lotin", "lot"),
)
# Endings in the table above that are whole words too ("Köchin", "Ärztin").
_WHOLE_WORDS = frozenset(
    {"ärztin", "anwältin", "rätin", "köchin", "bäuerin", "beamtin", "kauffrau", "fachfrau"}
)
# Words that end like a feminine form but are not one.
_NOT_FEMININE = frozenset(
    {
        "glyzerin",
        "glycerin",
        "nitroglycerin",
        "vaselin",
        "margarin",
        "termin",
        "medizin",
        "disziplin",
        "benzin",
        "magazin",
        "insulin",
        "gelatin",
        "aspirin",
    }
)


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS: dict[str, frozenset[str]] = {
    "de": _wordset(
        "und oder für fur der die das den dem des ein eine einer eines einem im in mit von vom "
        "zu zur zum an am auf bei als aus nach über unter sowie bzw ggf etc"
    ),
    "en": _wordset("and or for the a an of in on at to with by from as into other"),
}

# Words typical of one language; counted by detect_language. Kept short on purpose.
_DE_HINTS = _wordset(
    "und für der die das mit von zu im ist sind wir sie ich bei auf als eine einen "
    "oder nicht auch sich kenntnisse erfahrung mitarbeiter fachkraft leiter leiterin "
    "kaufmann kauffrau berater beraterin ingenieur ingenieurin stelle teilzeit vollzeit"
)
_EN_HINTS = _wordset(
    "and for the of with to in is are we you at on as an or not also our your "
    "experience skills knowledge manager engineer developer officer assistant worker "
    "technician specialist operator clerk nurse teacher"
)
_DE_ENDINGS = ("ung", "keit", "heit", "schaft", "lich", "isch", "erin", "kraft", "ler", "mann")
_EN_ENDINGS = ("ing", "tion", "ment", "ness", "ship", "ist", "ogy", "ance", "ity", "ive")


def detect_language(text: str, default: Language = "de") -> Language:
    """Return 'de' or 'en' for `text` (function words, letters and word endings vote)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return default
    score = 0.0  # > 0 means German
    score += 2.0 * sum(ch in "äöüßÄÖÜ" for ch in text)
    for word in words:
        if word in _DE_HINTS:
            score += 1.5
        if word in _EN_HINTS:
            score -= 1.5
        if len(word) > 4:
            if word.endswith(_DE_ENDINGS):
                score += 0.6
            if word.endswith(_EN_ENDINGS):
                score -= 0.6
            if len(word) >= 14:  # long compounds are German
                score += 0.8
        if re.search(r"sch|tz|ck|chk|ei[gnrt]|ue|pf", word):
            score += 0.3
        if re.search(r"th|w[aeiy]|ph|ee|oo|ea|ou", word):
            score -= 0.3
    if _GENDER_TAG.search(text) or _GENDER_SUFFIX.search(text) or _BINNEN_I.search(text):
        score += 2.0
    if score == 0:
        return default
    return "de" if score > 0 else "en"


def fold_umlauts(text: str) -> str:
    """Return `text` with ä/ö/ü/ß spelt ae/oe/ue/ss (what people type without umlaut keys)."""
    return (
        text.replace("ä", "ae")
        .replace("ö", "oe")
        .replace("ü", "ue")
        .replace("Ä", "Ae")
        .replace("Ö", "Oe")
        .replace("Ü", "Ue")
        .replace("ß", "ss")
    )


@lru_cache(maxsize=200_000)
def masculine_word(word: str) -> str:
    """Return the grammatically masculine form of a German feminine job word, else `word`.

    Works on lower-case words: "ingenieurin" -> "ingenieur", "ärztin" -> "arzt",
    "bürokauffrau" -> "bürokaufmann", "entwicklerinnen" -> "entwickler".
    """
    if len(word) < 6 or word in _NOT_FEMININE:
        return word
    for ending, replacement in _FEMININE_ENDINGS:
        if word.endswith(ending) and (len(word) - len(ending) >= 2 or ending in _WHOLE_WORDS):
            return word[: -len(ending)] + replacement
    return word


def strip_gender_tags(text: str) -> str:
    """Remove gender tags such as "(m/w/d)", "(w/m/d)", "(all genders)" from a title."""
    return re.sub(r"\s{2,}", " ", _GENDER_TAG.sub(" ", text)).strip(" -\u2013,;|")


def _masculine_keep_case(match: re.Match[str]) -> str:
    word = match.group(0)
    male = masculine_word(word.lower())
    if male == word.lower():
        return word
    return male[:1].upper() + male[1:] if word[:1].isupper() else male


def normalise_title(text: str, lang: Language | None = None) -> str:
    """Return a job title in one neutral written form (see :func:`_normalise_title`)."""
    return _normalise_title(text, lang)


@lru_cache(maxsize=200_000)
def _normalise_title(text: str, lang: Language | None = None) -> str:
    """Return a job title in one neutral written form (German: grammatically masculine).

    Gender tags are removed; for German, gender suffixes, pairs and feminine
    words are reduced to the masculine form ("Ingenieurin" -> "Ingenieur"), and
    a "Leiter/Leiterin"-style pair of two full titles keeps only the first
    title. Case and umlauts are kept, so the result can be shown.
    """
    text = unicodedata.normalize("NFC", text)
    text = strip_gender_tags(text)
    if (lang or detect_language(text)) != "de":
        return re.sub(r"\s+", " ", text).strip()
    text = _MANN_FRAU.sub("mann", text)
    text = _FRAU_MANN.sub("frau", text)
    text = _GENDER_SUFFIX.sub("", text)
    text = _BINNEN_I.sub("", text)
    text = _WORD.sub(_masculine_keep_case, text)
    if "/" in text:
        parts = [part.strip() for part in text.split("/") if part.strip()]
        kept: list[str] = []
        seen: set[tuple[str, ...]] = set()
        for part in parts:
            key = tuple(_stem("de", masculine_word(w.lower())) for w in _WORD.findall(part))
            if key not in seen:
                seen.add(key)
                kept.append(part)
        text = " / ".join(kept)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=4)
def _stemmer(lang: str) -> Stemmer.Stemmer:
    # PyStemmer: the Snowball algorithms compiled (C), ~100x faster than pure Python.
    return Stemmer.Stemmer("german" if lang == "de" else "english")


@lru_cache(maxsize=200_000)
def _stem(lang: str, word: str) -> str:
    return str(_stemmer(lang).stemWord(word))


class CompoundSplitter:
    """Split German compounds into known parts: fewest parts first, then most frequent parts.

    A variant of Koehn and Knight (2003): a word is split into parts of at
    least `min_part` letters, allowing the linking elements -s-, -es-, -n-,
    -en-, -e-, -er- between them, when every part is in the vocabulary and the
    geometric mean of the parts' frequencies beats the frequency of the whole
    word. Among such splits the one with the fewest parts wins ("Wissenschafts|
    manager", not "Wissen|schafts|manager"), then the one with the higher mean.
    `frequencies` counts words; they are pooled by Snowball stem, so inflected
    forms count together.
    """

    LINKERS = ("", "s", "es", "n", "en", "e", "er")

    def __init__(self, frequencies: Mapping[str, int], min_part: int = 3) -> None:
        self.frequencies = dict(frequencies)
        self.min_part = min_part
        self._cache: dict[str, tuple[str, ...]] = {}
        # analyse() keeps the terms of each word it has seen with this splitter here.
        self.terms_cache: dict[tuple[str, str], tuple[str, ...]] = {}
        self._stem_frequencies: Counter[str] = Counter()
        for word, n in self.frequencies.items():
            self._stem_frequencies[_stem("de", word)] += n

    @classmethod
    def from_texts(cls, texts: Iterable[str], min_part: int = 3) -> CompoundSplitter:
        """Return a splitter whose vocabulary is the German words of `texts`."""
        counts: Counter[str] = Counter()
        for text in texts:
            for word in _WORD.findall(text):
                word = masculine_word(word.lower())
                if len(word) >= min_part and word not in STOPWORDS["de"]:
                    counts[word] += 1
        return cls(counts, min_part=min_part)

    def _freq(self, part: str) -> int:
        """Return how often `part` occurs in any inflected form (counted by Snowball stem)."""
        return self._stem_frequencies.get(_stem("de", part), 0)

    def _known(self, part: str) -> str | None:
        """Return a non-final part without its linking element, if it is in the vocabulary."""
        for linker in self.LINKERS:
            if linker and not part.endswith(linker):
                continue
            stem = part[: len(part) - len(linker)] if linker else part
            if len(stem) >= self.min_part and self._freq(stem) > 0:
                return stem
        return None

    def split(self, word: str) -> tuple[str, ...]:
        """Return the parts of `word` (lower case), or `(word,)` when it is no compound."""
        word = word.lower()
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        best: tuple[str, ...] = (word,)
        best_key = (0, float(self._freq(word)))
        for i in range(self.min_part, len(word) - self.min_part + 1):
            head = self._known(word[:i])
            if head is None:
                continue
            tail = self.split(word[i:])
            if any(self._freq(p) == 0 for p in tail):
                continue
            parts = (head, *tail)
            mean = math.exp(sum(math.log(self._freq(p)) for p in parts) / len(parts))
            if mean <= self._freq(word):
                continue
            key = (-len(parts), mean)
            if best == (word,) or key > best_key:
                best, best_key = parts, key
        self._cache[word] = best
        return best

    def decompose(self, word: str) -> tuple[str, ...]:
        """Return the parts of `word` and, recursively, the parts of those parts."""
        parts = self.split(word)
        if len(parts) == 1:
            return ()
        out: list[str] = []
        for part in parts:
            out.append(part)
            out.extend(self.decompose(part))
        return tuple(out)


@lru_cache(maxsize=1)
def default_splitter() -> CompoundSplitter:
    """Return the splitter trained on all German ESCO labels and descriptions (cached)."""
    texts: list[str] = []
    with gzip.open(DATA_DIR / "esco_occupations_de.csv.gz", "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            texts.append(row["description"])
            texts.append(row["preferred_label"])
            texts.extend(row["alt_labels"].split("|"))
            texts.extend(row["hidden_labels"].split("|"))
    return CompoundSplitter.from_texts(texts)


def words(text: str) -> list[str]:
    """Return the lower-case words of `text` (letters and digits, hyphenated words kept whole)."""
    return [w.lower() for w in _WORD.findall(unicodedata.normalize("NFC", text))]


def analyse(
    text: str,
    lang: Language | None = None,
    *,
    splitter: CompoundSplitter | None = None,
    split_compounds: bool = True,
) -> list[str]:
    """Return the index terms of `text`: neutral gender, compounds split, stemmed.

    For German, every compound contributes its whole stem and the stems of its
    parts ("Intensivpflegefachkraft" -> intensivpflegefachkraft, intensiv,
    pflege, fachkraft). Hyphenated words contribute their halves too.
    """
    lang = lang or detect_language(text)
    text = normalise_title(text, lang)
    if lang == "de" and split_compounds and splitter is None:
        splitter = default_splitter()
    if not split_compounds:
        splitter = None
    cache = _WORD_TERMS if splitter is None else splitter.terms_cache
    terms: list[str] = []
    for word in words(text):
        key = (word, lang)
        found = cache.get(key)
        if found is None:
            found = _word_terms(word, lang, splitter)
            if len(cache) > 500_000:
                cache.clear()
            cache[key] = found
        terms.extend(found)
    return terms


# Index terms per (word, language) when no compound splitter is used.
_WORD_TERMS: dict[tuple[str, str], tuple[str, ...]] = {}


def _word_terms(word: str, lang: str, splitter: CompoundSplitter | None) -> tuple[str, ...]:
    """Return the index terms of one lower-case word (see :func:`analyse`)."""
    stop = STOPWORDS["de" if lang == "de" else "en"]
    terms: list[str] = []
    pieces = [word, *word.split("-")] if "-" in word else [word]
    for piece in pieces:
        if not piece or piece in stop:
            continue
        if lang == "de":
            piece = masculine_word(piece)
            terms.append(_stem("de", piece))
            if splitter is not None:
                terms.extend(_stem("de", masculine_word(p)) for p in splitter.decompose(piece))
        else:
            terms.append(_stem("en", piece))
    return tuple(terms)


def char_ngrams(text: str, sizes: Iterable[int] = (3, 4, 5)) -> list[str]:
    """Return the character n-grams of each word of `text`, with word boundaries marked."""
    sizes = tuple(sizes)
    grams: list[str] = []
    for word in words(fold_umlauts(text)):
        grams.extend(_word_ngrams(word, sizes))
    return grams


@lru_cache(maxsize=200_000)
def _word_ngrams(word: str, sizes: tuple[int, ...]) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(padded[i : i + n] for n in sizes for i in range(max(1, len(padded) - n + 1)))
