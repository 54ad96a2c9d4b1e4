"""Parse job titles as people write them into what names the occupation and what does not.

A German title such as

    "Staatlich geprüfte/r Techniker/in - Fachrichtung Maschinentechnik, Schwerpunkt Konstruktion"

carries the occupation in a few words ("Techniker", qualified by "Maschinentechnik")
and much else: gender forms, a certification ("staatlich geprüft"), a
specialisation ("Schwerpunkt Konstruktion"), on job boards also "(m/w/d)",
"in Teilzeit", a town or an employer. English vacancy titles add seniority
("Sr.", "Lead"), "- Remote", company names and "/" alternatives.

:func:`parse_title` splits a title into

- ``core``: the words that name the occupation, gender-neutral, without noise;
- ``qualifiers``: specialisations that narrow the occupation ("Fachrichtung X",
  "Schwerpunkt X", a parenthesised field, a trailing department);
- ``level``: what was removed because it tells the rank or qualification,
  not the occupation ("staatlich geprüft", "gehobener Dienst", "(FH)",
  "Senior");
- ``head``: the word that decides the occupation (for a German compound its
  last part: "Bäderbetriebsfachangestellter" -> "fachangestellter");
- ``variants``: rewritten forms that name the same occupation the way ESCO
  labels do: the craft of a master title ("Dachdeckermeister" ->
  "Dachdecker"), the specialisation compounded with the head ("Techniker,
  Fachrichtung Maschinentechnik" -> "Maschinentechniker"), the domain of a
  civil-service rank ("Steuerinspektor" -> "Steuerbeamter"), the occupation
  of a trainee ("Rechtspflegeranwärter" -> "Rechtspfleger"), "-fachkraft" for
  "-fachmann", the German equivalents of Austrian and Swiss words and the
  former names of renamed training occupations (``dualcareer/data/
  occupation_synonyms_de.tsv``: "Buslenker" -> "Busfahrer", "Pflegefachmann" ->
  "Gesundheits- und Krankenpfleger"), each alternative of an English "A / B" title.

The rules are general rules of German and English job titles; nothing here
knows a particular benchmark or employer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from dualcareer.matching.texts import (
    DATA_DIR,
    Language,
    detect_language,
    masculine_word,
    normalise_title,
    strip_gender_tags,
)

# --- shared -------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
# Separators between a title's segments: spaced dashes (hyphen, en and em dash), " | ",
# ", " (not after a hyphen: "Fliesen-, Platten- und Mosaikleger"), "; ", ": ", " @ ".
_SEGMENT_SPLIT = re.compile(
    r"\s+[-\u2013\u2014|@·•]\s+|\s*[|;]\s*|(?<!-),\s*|:\s+|\s+[-\u2013\u2014]$"
)
_PARENS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" -\u2013\u2014,;|/:.")


@dataclass(frozen=True)
class ParsedTitle:
    """A job title split into what names the occupation and what does not."""

    text: str
    lang: Language
    core: str
    qualifiers: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    head: str = ""
    variants: tuple[str, ...] = ()

    @property
    def query(self) -> str:
        """Return the core with its qualifiers: the text to match against labels."""
        return _clean(" ".join((self.core, *self.qualifiers))) or _clean(self.text)


# --- German -------------------------------------------------------------------------------

# Words and phrases of job adverts that say nothing about the occupation.
_DE_NOISE = re.compile(
    r"""\b(?:
        (?:in\s+|für\s+)?(?:voll-?\s*(?:oder|und|/)\s*)?teilzeit(?:\s*(?:oder|und|/)\s*vollzeit)?
      | (?:in\s+)?vollzeit | \d+\s*(?:-\s*\d+\s*)?(?:std\.?|stunden)(?:\s*/\s*woche|\s+pro\s+woche)?
      | (?:un)?befristet(?:e[rs]?)? | ab\s+sofort | zum\s+nächstmöglichen\s+zeitpunkt
      | minijob | nebenjob | (?:auf\s+)?\d+(?:[.,]\d+)?\s*(?:€|euro|eur)(?:-basis)?
      | quereinsteiger(?:in)?(?:\s+willkommen)? | quereinstieg(?:\s+möglich)?
      | (?:im\s+)?home-?office | mobiles\s+arbeiten | remote | hybrid
      | bundesweit | deutschlandweit | gesucht | wir\s+suchen | stellenangebot | jobangebot
      | sofort | dringend | top-?gehalt | übertarifliche?\s+bezahlung | mit\s+führerschein
      | (?:in\s+)?(?:schicht|wechselschicht|nachtschicht|frühschicht|spätschicht)(?:dienst)?
      | job | stelle
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
# Legal forms of employers; a segment with one of them names the employer.
_EMPLOYER = re.compile(
    r"\b(?:gmbh|ag|kg|ohg|e\.\s?v\.|e\.\s?k\.|se|ug|mbh|co\.?|ltd\.?|inc\.?|llc|plc|gbr|kgaa)"
    r"(?=\W|$)",
    re.IGNORECASE,
)
# A segment that begins like this names a specialisation of the occupation.
_DE_QUALIFIER = re.compile(
    r"""^(?:fachrichtung|fachr\.|fr\.|schwerpunkt|sp\.|einsatzgebiet|einsatzbereich|bereich
      | spezialisierung|vertiefung|vertiefungsrichtung|studienrichtung|studiengang|sparte
      | disziplin|fachbereich|abteilung|ressort|handlungsfeld|wahlqualifikation|profil
      | fachgebiet|richtung|zweig|laufbahn|mit\s+schwerpunkt|im\s+bereich|für\s+den\s+bereich
      | tätigkeitsbereich|aufgabengebiet|hauptmodul|spezialmodul|modul|einsatzschwerpunkt)
      \b\.?\s*:?\s*""",
    re.IGNORECASE | re.VERBOSE,
)
# Rank, certification and career level: said of the person, not of the occupation.
_DE_LEVEL = re.compile(
    r"""\b(?:diplom-|dipl\.-?)|\b(?:
        staatlich\s+(?:geprüft|anerkannt)e?[rn]?(?:/r)? | geprüfte?[rn]?(?:/r)?
      | zertifizierte?[rn]?
      | (?:ein|mittler|gehoben|höher|hoh)e[rn]?\s+(?:\w+\s+){0,2}\w*(?:dienst|dienstes|laufbahn)
      | (?:laufbahn|qualifikationsebene|besoldungsgruppe|entgeltgruppe)\s*\w*
      | (?:a|e|eg|td|tv-?l|tvöd)\s?\d{1,2}\b
      | fh | th | tu | uni | hwk | ihk | bfs | berufsfachschule | fachschule | hochschule
      | efz | eba | hf
      | ausbildungsberuf | (?:duale\s+|stufen)?ausbildung(?:\s+zu[mr])?
      | lehrberuf | lehrling | lehre
      | \d\.?\s*ausbildungsjahr | ausbildungsjahr
      | auszubildende?[rn]?(?:/r)? | azubi | umschulung(?:\s+zu[mr])? | duales\s+studium
      | praktikant(?:in)? | praktikum | werkstudent(?:in)? | trainee | volontär(?:in)?
      | senior | junior | stellvertretende?[rn]?(?:/r)? | kommissarische?[rn]?
      | diplom | bachelor(?:\s+of\s+\w+)? | master\s+of\s+\w+ | b\.\s?sc\.? | m\.\s?sc\.?
      | b\.\s?a\.? | m\.\s?a\.? | b\.\s?eng\.? | m\.\s?eng\.? | dr\.
      | (?:m|w|d)\s*/\s*(?:m|w|d)\s*/\s*(?:m|w|d)
    )(?![^\W\d_])""",
    re.IGNORECASE | re.VERBOSE,
)
# Prepositions that start a complement: "Kaufmann für Büromanagement", "Meister der
# Hauswirtschaft". The head noun is the last word before the first of them.
_DE_COMPLEMENT = frozenset(
    {"für", "fur", "im", "in", "der", "des", "bei", "am", "an", "zur", "zum"}
)

# Civil-service ranks (German Beamte): the rank says the career level; the prefix says
# the service. "Regierungsinspektor" is an administrative officer, not an inspector.
_CIVIL_RANKS = (
    "oberregierungsrat",
    "regierungsdirektor",
    "oberamtsrat",
    "amtsrat",
    "amtmann",
    "oberinspektor",
    "amtsinspektor",
    "inspektor",
    "hauptsekretär",
    "obersekretär",
    "sekretär",
    "hauptkommissar",
    "oberkommissar",
    "kommissar",
    "obermeister",
    "hauptmeister",
    "wachtmeister",
    "meister",
    "oberrat",
    "direktor",
    "assessor",
    "referendar",
    "anwärter",
    "rat",
)
# Service prefix -> what the service does, in ESCO's words.
_CIVIL_SERVICES: dict[str, str] = {
    "regierungs": "Verwaltungsbeamter",
    "verwaltungs": "Verwaltungsbeamter",
    "stadt": "Verwaltungsbeamter",
    "stadtober": "Verwaltungsbeamter",
    "kreis": "Verwaltungsbeamter",
    "gemeinde": "Verwaltungsbeamter",
    "amts": "Verwaltungsbeamter",
    "landes": "Verwaltungsbeamter",
    "bundes": "Verwaltungsbeamter",
    "ministerial": "Verwaltungsbeamter",
    "kanzlei": "Verwaltungsbeamter",
    "verwaltungsober": "Verwaltungsbeamter",
    "regierungsober": "Verwaltungsbeamter",
    "steuer": "Steuerbeamter Steuerverwaltung",
    "steuerober": "Steuerbeamter Steuerverwaltung",
    "finanz": "Steuerbeamter Steuerverwaltung",
    "zoll": "Zollbeamter",
    "zollober": "Zollbeamter",
    "polizei": "Polizeibeamter Polizist",
    "polizeiober": "Polizeibeamter Polizist",
    "polizeihaupt": "Polizeibeamter Polizist",
    "kriminal": "Kriminalbeamter Polizeibeamter im Ermittlungsdienst",
    "kriminalober": "Kriminalbeamter Polizeibeamter im Ermittlungsdienst",
    "kriminalhaupt": "Kriminalbeamter Polizeibeamter im Ermittlungsdienst",
    "justiz": "Justizbeamter Justizverwaltungsbeamter",
    "justizober": "Justizbeamter Justizverwaltungsbeamter",
    "justizvollzugs": "Justizvollzugsbeamter",
    "justizvollzugsober": "Justizvollzugsbeamter",
    "gerichts": "Justizverwaltungsbeamter",
    "brand": "Feuerwehrmann Berufsfeuerwehr",
    "brandober": "Feuerwehrmann Berufsfeuerwehr",
    "brandhaupt": "Feuerwehrmann Berufsfeuerwehr",
    "feuerwehr": "Feuerwehrmann Berufsfeuerwehr",
    "studien": "Lehrer Gymnasium Sekundarstufe",
    "oberstudien": "Lehrer Gymnasium Sekundarstufe",
    "konrektor": "Lehrer",
    "forst": "Förster Forstverwaltung",
    "forstober": "Förster Forstverwaltung",
    "vermessungs": "Vermessungsbeamter Vermessung",
    "bau": "Baubeamter Bauverwaltung",
    "bauober": "Baubeamter Bauverwaltung",
    "bibliotheks": "Bibliothekar",
    "archiv": "Archivar",
    "sozial": "Sozialverwaltung Sachbearbeiter",
    "eich": "Eichbeamter Mess- und Eichwesen",
    "gewerbe": "Gewerbeaufsicht",
    "gewerbeober": "Gewerbeaufsicht",
    "rechnungs": "Rechnungsprüfer",
    "bankober": "Verwaltungsbeamter Bank",
    "bank": "Verwaltungsbeamter Bank",
    "post": "Verwaltungsbeamter Post",
    "bahn": "Verwaltungsbeamter Bahn",
    "wetterdienst": "Meteorologe",
    "lebensmittelkontroll": "Lebensmittelkontrolleur",
    "schul": "Schulverwaltung",
    "militär": "Soldat",
}
# Words that name the holder of a master craftsman's or industrial master's title.
_MASTER = "meister"
# Master titles that are no craft: "Industriemeister X" runs production of X.
_MASTER_ROLES: dict[str, str] = {
    "industrie": "Produktionsleiter",
    "werk": "Produktionsleiter",
    "betriebs": "Produktionsleiter",
    "fertigungs": "Produktionsleiter",
    "produktions": "Produktionsleiter",
    "schicht": "Schichtleiter",
    "bau": "Polier",
    "haus": "Hausmeister",
}
# Heads that are compounded with a specialisation ("Techniker" + "Maschinentechnik").
_COMPOUNDING_HEADS = (
    "techniker",
    "technologe",
    "ingenieur",
    "meister",
    "mechaniker",
    "mechatroniker",
    "elektroniker",
    "wirt",
    "fachwirt",
    "kaufmann",
    "fachkaufmann",
    "betriebswirt",
    "informatiker",
    "gestalter",
    "assistent",
    "berater",
    "fachberater",
    "fachangestellter",
    "fachkraft",
    "planer",
    "pfleger",
    "therapeut",
    "laborant",
)


# Compound endings that name a trainee of the occupation before them: the occupation is
# the rest ("Rechtspflegeranwärter", "Kochlehrling", "Apothekerpraktikant").
_TRAINEE_SUFFIXES = ("anwärter", "referendar", "lehrling", "azubi", "praktikant", "volontär")
# Head words that name the same occupation in other words; the newer training
# regulations say "-fachmann"/"-fachfrau" where labels say "-fachkraft".
_DE_HEAD_SYNONYMS = (("fachmann", "fachkraft"), ("facharbeiter", "fachkraft"))


def _de_words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text)


def _split_compound_head(word: str) -> tuple[str, str]:
    """Return (modifier, head) of a German compound by known head words, else ("", word)."""
    from dualcareer.matching.texts import default_splitter

    lower = word.lower()
    for head in sorted(_COMPOUNDING_HEADS + _CIVIL_RANKS, key=len, reverse=True):
        if lower.endswith(head) and len(lower) > len(head) + 2:
            return word[: len(word) - len(head)], head
    parts = default_splitter().split(lower)
    if len(parts) > 1 and len(parts[-1]) >= 4:
        return word[: len(word) - len(parts[-1])], parts[-1]
    return "", lower


def _compound(modifier: str, head: str) -> str:
    """Return the German compound of a specialisation and a head word, capitalised.

    "Maschinentechnik" + "techniker" -> "Maschinentechniker"; "Gartenbau" +
    "techniker" -> "Gartenbautechniker"; "Informations- und Kommunikationstechnik"
    uses its last word.
    """
    words = _de_words(modifier)
    if not words:
        return head.capitalize()
    last = words[-1].split("-")[-1].lower()
    head_lower = head.lower()
    stem = head_lower.removesuffix("er").removesuffix("e")
    if last.endswith(stem) and len(last) > len(stem):
        joined = last[: len(last) - len(stem)] + head_lower
    elif last.endswith(("ung", "heit", "keit", "schaft", "ion", "tät")):
        joined = last + "s" + head_lower
    else:
        joined = last + head_lower
    return joined[:1].upper() + joined[1:]


def _civil_variant(word: str) -> str | None:
    """Return the service a civil-service designation names ("Zollinspektor" -> customs)."""
    lower = word.lower()
    for rank in _CIVIL_RANKS:
        if lower.endswith(rank):
            prefix = lower[: len(lower) - len(rank)]
            if prefix in _CIVIL_SERVICES:
                return _CIVIL_SERVICES[prefix]
            return None
    return None


# "Pharmazeutisch-kaufmännische/r", "Geprüfte/r", "Angestellte(r)": the masculine ending.
_ADJECTIVE_PAIR = re.compile(r"(?<=[^\W\d_])e\s?(?:/\s?-?|\(|\*|:|_)r\b\)?", re.UNICODE)
# "KauffrauKaufmann": both forms written together.
_GLUED_PAIR = re.compile(r"\b([^\W\d_]+?)frau([^\W\d_]+mann)\b", re.UNICODE)
# "Amtstierarzt/-ärztin", "Pädagoge/-Pädagogin", "Gewerbeaufsichtsbeamter/-beamtin".
_SUFFIX_PAIR = re.compile(r"([^\W\d_]+)\s?/\s?-\s?([^\W\d_]+)", re.UNICODE)
_LEGAL_REFERENCE = re.compile(r"\b(?:nach|gem\.|gemäß|i\.\s?s\.\s?d\.)?\s*§+.*$", re.IGNORECASE)
_DE_ABBREVIATIONS = (
    (re.compile(r"\bDipl\.?\s?-?\s?Ing\.?(?:\s?\((?:FH|TU|TH|Uni)\))?", re.I), "Diplom Ingenieur"),
    (re.compile(r"\bDipl\.?\s?-?\s?Kff?r?m?\.?", re.I), "Diplom Kaufmann"),
    (re.compile(r"\bDipl\.?\s?-?\s?Inf(?:orm)?\.?", re.I), "Diplom Informatiker"),
    (re.compile(r"\bDipl\.?\s?-?\s?Päd\.?", re.I), "Diplom Pädagoge"),
    (re.compile(r"\bDipl\.?\s?-?\s?Psych\.?", re.I), "Diplom Psychologe"),
    (re.compile(r"\bIng\.(?=\s|$)"), "Ingenieur"),
    (re.compile(r"\bMA\b"), "Mitarbeiter"),
    (re.compile(r"\bMFA\b"), "Medizinischer Fachangestellter"),
    (re.compile(r"\bZFA\b"), "Zahnmedizinischer Fachangestellter"),
    (re.compile(r"\bPTA\b"), "Pharmazeutisch-technischer Assistent"),
    (re.compile(r"\bMTA\b"), "Medizinisch-technischer Assistent"),
    (re.compile(r"\bPKA\b"), "Pharmazeutisch-kaufmännischer Angestellter"),
    (re.compile(r"\bSHK\b"), "Sanitär Heizung Klima"),
    (re.compile(r"\bGaLaBau\b", re.I), "Garten- und Landschaftsbau"),
    (re.compile(r"\bKfz\b", re.I), "Kraftfahrzeug"),
    (re.compile(r"\bLkw\b", re.I), "Lastkraftwagen"),
    (re.compile(r"\bEDV\b"), "IT"),
)


# The classification's group names: "Berufe in der Lagerwirtschaft" names the field,
# "Aufsichtskräfte - Hochbau" a role in plural.
_DE_GROUP = re.compile(r"^\s*Berufe\s+(?:in\s+der|in\s+den|im|in|für|der)\s+", re.IGNORECASE)
_DE_PLURAL_KRAFT = re.compile(r"(?<=[^\W\d_])kräfte\b|\bKräfte\b", re.UNICODE)


def _prepare_de(text: str) -> str:
    """Reduce pair forms that normalise_title does not know, expand abbreviations."""
    text = _DE_GROUP.sub("", text)
    text = _DE_PLURAL_KRAFT.sub(lambda m: "Kraft" if m.group(0)[0] == "K" else "kraft", text)
    text = _ADJECTIVE_PAIR.sub("er", text)
    text = _GLUED_PAIR.sub(
        lambda m: m.group(2) if m.group(2) != "mann" else m.group(1) + "mann", text
    )

    def suffix_pair(match: re.Match[str]) -> str:
        first, second = match.group(1), match.group(2)
        male_first = masculine_word(first.lower())
        male_second = masculine_word(second.lower())
        folded = male_first.replace("ä", "a").replace("ö", "o").replace("ü", "u")
        other = male_second.replace("ä", "a").replace("ö", "o").replace("ü", "u")
        if male_second == second.lower() and second.lower().endswith("in") and len(second) > 3:
            # Short feminine forms that masculine_word leaves alone: "-rätin" -> "rat".
            other = other[:-2]
        if folded.endswith(other) or other.endswith(folded) or male_second == "in":
            return first
        return match.group(0)

    text = _SUFFIX_PAIR.sub(suffix_pair, text)
    text = _LEGAL_REFERENCE.sub("", text)
    for pattern, replacement in _DE_ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    return text


# Nouns that end like an inflected adjective ("Zusteller", "Maler", "Gebäudereiniger").
_DE_NOUN_LIKE_ADJECTIVE = re.compile(r"(?:[^iuon]eller|maler|reiniger|verteidiger|prediger)$")


def _is_adjective(word: str) -> bool:
    lower = word.lower()
    if _DE_NOUN_LIKE_ADJECTIVE.search(lower):
        return False
    return bool(
        re.search(
            r"(?:isch|lich|ig|al|ell|iv|iert|bar|sam|haft|los)(?:e[rsnm]?)?$|(?:ische|liche|ige)$",
            lower,
        )
    ) or (word[:1].islower() and lower not in _DE_COMPLEMENT)


def _parse_de(text: str) -> ParsedTitle:
    original = text
    level: list[str] = []
    qualifiers: list[str] = []

    def keep_level(match: re.Match[str]) -> str:
        level.append(_clean(match.group(0)))
        return " "

    text = strip_gender_tags(_prepare_de(text))
    parenthesised: list[str] = []

    def take_parens(match: re.Match[str]) -> str:
        parenthesised.append(match.group(1) if match.group(1) is not None else match.group(2))
        return " | "

    text = _PARENS.sub(take_parens, text)
    segments = [s.strip() for s in _SEGMENT_SPLIT.split(text) if s and s.strip()]
    segments += [p for p in parenthesised if p and p.strip()]
    core = ""
    alternatives: list[str] = []
    for segment in segments:
        if _EMPLOYER.search(segment):
            continue
        segment = normalise_title(segment, "de")
        qualifier = _DE_QUALIFIER.match(segment)
        segment = _DE_LEVEL.sub(keep_level, segment)
        segment = _DE_NOISE.sub(" ", segment)
        if qualifier:
            rest = _clean(_DE_QUALIFIER.sub("", segment.strip()))
            if rest:
                qualifiers.append(rest)
            continue
        segment = _clean(segment)
        if not segment or _is_place(segment):
            continue
        if not core:
            # "Hebamme / Entbindungspfleger": alternatives of one occupation.
            parts = [_clean(p) for p in segment.split(" / ") if _clean(p)]
            core, alternatives = parts[0], parts[1:]
        else:
            qualifiers.extend(_clean(p) for p in segment.split(" / ") if _clean(p))
    if not core and qualifiers:
        core = qualifiers.pop(0)
    core = _clean(_strip_trailing_place(core))
    words = _de_words(core)
    # The head noun: the first word that is no adjective, before any complement; a word
    # ending in "-" ("Land- und Baumaschinenmechatroniker") shares the next one's head.
    head_word = ""
    for token in core.split():
        word = token.strip(",.;:()")
        if word.lower() in _DE_COMPLEMENT:
            break
        if word.endswith("-") or not _de_words(word):
            continue
        if not _is_adjective(word):
            head_word = _de_words(word)[-1]
            break
    head_word = head_word or (words[-1] if words else "")
    modifier, head = _split_compound_head(head_word) if head_word else ("", "")
    variants = _de_variants(core, head_word, modifier, head, qualifiers, level)
    synonyms = _synonym_variants(core, qualifiers)
    variants = tuple(dict.fromkeys((*variants, *synonyms, *alternatives)))
    return ParsedTitle(
        text=original,
        lang="de",
        core=core,
        qualifiers=tuple(dict.fromkeys(q for q in qualifiers if q.lower() != core.lower())),
        level=tuple(level),
        head=head,
        variants=variants,
    )


SYNONYMS_FILE = DATA_DIR / "occupation_synonyms_de.tsv"


@lru_cache(maxsize=1)
def _synonym_table() -> dict[str, tuple[str, ...]]:
    """Return occupation words -> their German equivalents (lower case).

    Read from ``dualcareer/data/occupation_synonyms_de.tsv`` (see its header):
    Austrian and Swiss words ("Rauchfangkehrer", "Polymechaniker") and the new
    names of reformed German training occupations with their former names
    ("Pflegefachmann" -> "Gesundheits- und Krankenpfleger"), which labels use.
    """
    table: dict[str, tuple[str, ...]] = {}
    if not SYNONYMS_FILE.exists():
        return table
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()[1:]:
        if not line.strip() or line.startswith("#") or line.startswith("word\t"):
            continue
        word, equivalents = line.split("\t")[:2]
        table[word.strip().lower()] = tuple(e.strip() for e in equivalents.split("|") if e.strip())
    return table


def _synonym_variants(core: str, qualifiers: list[str]) -> list[str]:
    """Return `core` with a word of the synonym table replaced by each equivalent.

    A table word matches a whole phrase or word of the core ("Fachmann Gesundheit",
    "Exekutivbeamter") or the last part of a compound ("Buslenker" -> "Busfahrer").
    """
    table = _synonym_table()
    if not table:
        return []
    lower = core.lower()
    tail = " ".join(qualifiers)
    out: list[str] = []
    for phrase in (k for k in table if " " in k):
        if re.search(rf"(?<![^\W\d_]){re.escape(phrase)}(?![^\W\d_])", lower):
            for equivalent in table[phrase]:
                replaced = re.sub(re.escape(phrase), equivalent, lower, count=1)
                out.append(_clean(f"{replaced} {tail}"))
    for word in _de_words(core):
        word_lower = word.lower()
        for end in range(len(word_lower)):
            part = word_lower[end:]
            if len(part) < 5 or part not in table:
                continue
            prefix = word[:end]
            for equivalent in table[part]:
                joined = prefix + equivalent if prefix else equivalent
                out.append(_clean(f"{core.replace(word, joined, 1)} {tail}"))
            break
    return [v[:1].upper() + v[1:] for v in out]


def _de_variants(
    core: str,
    head_word: str,
    modifier: str,
    head: str,
    qualifiers: list[str],
    level: list[str],
) -> tuple[str, ...]:
    out: list[str] = []
    rest = core.replace(head_word, "", 1).strip() if head_word else core
    civil = _civil_variant(head_word) if head_word else None
    has_civil_level = any("dienst" in item.lower() for item in level)
    if civil is not None and (
        head != _MASTER
        or has_civil_level
        or modifier.lower()
        in {
            "polizei",
            "polizeiober",
            "polizeihaupt",
            "justiz",
            "justizober",
            "brand",
            "brandober",
            "brandhaupt",
            "justizvollzugs",
            "zoll",
        }
    ):
        out.append(_clean(f"{rest} {civil} {' '.join(qualifiers)}"))
    elif head == _MASTER and modifier:
        craft = modifier.rstrip("-")
        if re.search(r"(?:schaft|ung|heit|keit|ion|tät)s$", craft):
            craft = craft[:-1]
        role = _MASTER_ROLES.get(craft.lower())
        if role is not None:
            out.append(_clean(f"{role} {' '.join(qualifiers)}"))
            out.append(_clean(f"{role} {rest} {' '.join(qualifiers)}"))
        else:
            # "Dachdeckermeister" -> "Dachdecker": the master works in (and leads) the craft.
            craft = craft[:1].upper() + craft[1:]
            out.append(_clean(f"{rest} {craft} {' '.join(qualifiers)}"))
    elif head_word.lower() == _MASTER and qualifiers:
        out.append(_clean(" ".join(qualifiers)))
    lower_word = head_word.lower()
    trainee = next((t for t in _TRAINEE_SUFFIXES if lower_word.endswith(t)), None)
    if (
        trainee is not None
        and len(lower_word) > len(trainee) + 3
        and lower_word[: -len(trainee)] not in _CIVIL_SERVICES
    ):
        # "Rechtspflegeranwärter" -> "Rechtspfleger": a trainee of the occupation it names.
        trained = head_word[: len(head_word) - len(trainee)].rstrip("-")
        out.append(_clean(f"{rest} {trained} {' '.join(qualifiers)}"))
    for short, long in _DE_HEAD_SYNONYMS:
        if lower_word.endswith(short):
            # "Pflegefachmann" -> "Pflegefachkraft": the same occupation, other head word.
            prefix = head_word[: len(head_word) - len(short)]
            synonym = prefix + long if prefix else long.capitalize()
            out.append(_clean(f"{rest} {synonym} {' '.join(qualifiers)}"))
            break
    if qualifiers and head_word.lower() in _COMPOUNDING_HEADS and core.lower() == head_word.lower():
        # "Techniker, Fachrichtung Maschinentechnik" -> "Maschinentechniker".
        first = re.split(r",|\bund\b|\boder\b", qualifiers[0])[0]
        compound = _compound(first, head_word)
        if compound.lower() != head_word.lower():
            out.append(_clean(f"{rest} {compound}"))
    return tuple(dict.fromkeys(v for v in out if v and v.lower() != core.lower()))


_LABEL_COMPLEMENT = _DE_COMPLEMENT | {"einer", "eines", "einem", "von", "vom", "mit", "auf"}
_EN_LABEL_COMPLEMENT = re.compile(r"\s+(?:of|for|in|at|to|on|with)\s+", re.IGNORECASE)


def has_complement(label: str, lang: Language) -> bool:
    """Return True when an occupation label names its field in a complement ("... für X")."""
    if lang == "en":
        return bool(_EN_LABEL_COMPLEMENT.search(label))
    return any(word.lower() in _LABEL_COMPLEMENT for word in label.split()[1:])


@lru_cache(maxsize=100_000)
def label_head(label: str, lang: Language) -> str:
    """Return the word of an occupation label that names the occupation, not a complement.

    German: the first noun before a complement ("Lehrkraft im Bereich Gastronomie"
    -> "Lehrkraft", "Instruktor für Berufskraftfahrer" -> "Instruktor",
    "Medizinisch-technischer Laborassistent" -> "Laborassistent"). English: the
    last word before a complement ("food service vocational teacher" -> "teacher",
    "head of workshop" -> "head").
    """
    label = strip_gender_tags(label).strip()
    if lang == "en":
        words = re.findall(r"[A-Za-z][\w'-]*", _EN_LABEL_COMPLEMENT.split(label)[0])
        return words[-1] if words else ""
    first = ""
    for token in label.split():
        word = token.strip(",.;:()/")
        if word.lower() in _LABEL_COMPLEMENT:
            break
        found = _de_words(word)
        if not found or word.endswith("-"):
            continue
        first = first or found[-1]
        if not _is_adjective(word):
            return found[-1]
    return first


# --- places -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Return lower-case German place names and a few foreign cities job ads name."""
    import csv
    import gzip

    from dualcareer.matching.texts import DATA_DIR

    names: set[str] = set()
    path = DATA_DIR / "postcodes_de.csv.gz"
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for key in ("place", "district_name", "state"):
                    value = (row.get(key) or "").strip().lower()
                    if value:
                        names.add(value)
                        names.add(value.split(",")[0].split(" (")[0].strip())
    names |= {
        "germany",
        "deutschland",
        "austria",
        "österreich",
        "switzerland",
        "schweiz",
        "bavaria",
        "bayern",
        "vienna",
        "wien",
        "zurich",
        "zürich",
        "munich",
        "cologne",
        "nuremberg",
        "hanover",
        "frankfurt",
        "dach",
        "emea",
        "europe",
        "eu",
        "uk",
        "london",
        "berlin",
        "hamburg",
        "graz",
        "linz",
        "salzburg",
        "innsbruck",
        "basel",
        "bern",
        "geneva",
        "genf",
    }
    # Place names that are also occupation words must not be dropped.
    return frozenset(n for n in names if len(n) > 1) - _NOT_PLACES


_NOT_PLACES = frozenset(
    {
        "bau",
        "post",
        "bank",
        "schule",
        "hafen",
        "forst",
        "kirchen",
        "garten",
        "berg",
        "mitte",
        "markt",
        "brunnen",
        "wald",
        "see",
        "feld",
        "lage",
        "halle",
        "moos",
        "stein",
        "bad",
        "dorf",
        "au",
        "hof",
        "hütte",
        "werk",
        "land",
        "kreis",
        "stadt",
    }
)
_PLACE_PREFIX = re.compile(
    r"^(?:in|im|bei|nahe|near|raum|region|großraum|area|standort|location|based\s+in|in\s+der"
    r"|am\s+standort|at|greater)\s+",
    re.IGNORECASE,
)


def _is_place(segment: str) -> bool:
    """Return True when `segment` is only a place ("in Berlin", "Raum München", "Munich area")."""
    text = _PLACE_PREFIX.sub("", segment.strip()).strip().lower()
    text = re.sub(r"\b(?:area|region|umgebung|und\s+umgebung|city|centre|center|mitte)\b", "", text)
    text = _clean(text)
    if not text:
        return False
    places = _place_names()
    if text in places:
        return True
    parts = [p for p in re.split(r"\s*(?:/|\bor\b|\boder\b|\bund\b|\band\b|&|\+)\s*", text) if p]
    return bool(parts) and all(p.strip() in places for p in parts)


def _strip_trailing_place(core: str) -> str:
    """Remove "in Berlin" / "Berlin" at the end of a core when it is a known place."""
    match = re.search(r"\s+(?:in|im|bei|at|in\s+der)\s+([^\W\d_][\w.\- ]*)$", core, re.IGNORECASE)
    if match and _is_place(match.group(1)):
        return core[: match.start()]
    words = core.split()
    if len(words) > 1 and _is_place(words[-1]) and words[-1][:1].isupper():
        return " ".join(words[:-1])
    return core


# --- English ------------------------------------------------------------------------------

_EN_SENIORITY = re.compile(
    r"""\b(?:
        senior | sr\.? | snr\.? | junior | jr\.? | jnr\.? | lead | principal
      | staff(?=\s+\w+\s+engineer)
      | chief(?=\s+(?:of|\w+\s+officer))? | head\s+of | director\s+of | vp(?:\s+of)? | svp | evp
      | vice\s+president(?:\s+of)? | (?:assistant|deputy|associate)(?=\s+(?:director|head|manager))
      | trainee | graduate | apprentice | intern(?:ship)?
      | entry[-\s]level | mid[-\s]level | experienced | qualified | part[-\s]qualified
      | newly\s+qualified
      | i{1,3}\b | iv\b | level\s+\d | grade\s+\d | band\s+\d | group(?=\s+\w)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_EN_NOISE = re.compile(
    r"""\b(?:
        remote(?:\s+(?:first|friendly|within\s+\w+|in\s+\w+))? | hybrid | on-?site | onsite
      | work\s+from\s+home | wfh
      | full[-\s]time | part[-\s]time | temporary | temp | permanent | perm
      | contract(?:or)?(?:\s+\d+\s+\w+)?
      | freelance | fixed[-\s]term | maternity\s+cover | locum | seasonal | live[-\s]in | weekends?
      | nights? | night\s+shift | day\s+shift | days | \d+[-\s]shifts? | shifts? | weekday\s+shifts
      | immediate\s+start | urgent(?:ly)? | asap | hiring | job | vacancy | opportunity
      | relocation(?:\s+support)? | visa\s+sponsorship | company\s+car | bonus | benefits
      | up\s+to\s+[£$€]?\d[\d,.k]*
      | [£$€]\s?\d[\d,.k]*(?:\s*-\s*[£$€]?\d[\d,.k]*)?(?:\s*(?:per|p/?)\s*\w+)?
      | \d+\s*(?:k|hrs?|hours?|months?|weeks?)\b | sc\s+clearance | dv\s+clearance | clearance
      | (?:english|german)[-\s]speaking | timezones? | time\s+zones? | m/f/d | f/m/d | m/w/d
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_EN_ABBREVIATIONS: dict[str, str] = {
    "sr": "senior",
    "jr": "junior",
    "mgr": "manager",
    "eng": "engineer",
    "engr": "engineer",
    "dev": "developer",
    "devops": "devops engineer",
    "sw": "software",
    "hw": "hardware",
    "admin": "administrator",
    "asst": "assistant",
    "assoc": "associate",
    "exec": "executive",
    "coord": "coordinator",
    "tech": "technician",
    "techn": "technician",
    "acct": "accountant",
    "rn": "registered nurse",
    "hca": "healthcare assistant",
    "hgv": "heavy goods vehicle truck",
    "lgv": "large goods vehicle truck",
    "cdl": "truck",
    "qa": "quality assurance",
    "qc": "quality control",
    "ux": "user experience",
    "ui": "user interface",
    "hr": "human resources",
    "it": "ICT",
    "ict": "ICT",
    "cfo": "chief financial officer",
    "cto": "chief technology officer",
    "ceo": "chief executive officer",
    "coo": "chief operating officer",
    "cmo": "chief marketing officer",
    "cio": "chief information officer",
    "cno": "chief nursing officer",
    "pa": "personal assistant",
    "ea": "executive assistant",
    "bdm": "business development manager",
    "bd": "business development",
    "sdr": "sales development representative",
    "csm": "customer success manager",
    "pm": "project manager",
    "pmo": "project management office",
    "ba": "business analyst",
    "pr": "public relations",
    "bi": "business intelligence",
    "noc": "network operations centre",
    "seo": "search engine optimisation",
    "sem": "search engine marketing",
    "ppc": "pay per click advertising",
    "crm": "customer relationship management",
    "erp": "enterprise resource planning",
    "sap": "SAP",
    "ml": "machine learning",
    "ai": "artificial intelligence",
    "gp": "general practitioner",
    "ot": "occupational therapist",
    "slt": "speech and language therapist",
    "cnc": "CNC",
    "plc": "PLC",
    "hvac": "heating ventilation air conditioning",
    "mep": "mechanical electrical plumbing",
    "fp&a": "financial planning and analysis",
    "ap": "accounts payable",
    "ar": "accounts receivable",
    "aml": "anti money laundering",
    "kyc": "know your customer",
    "l&d": "learning and development",
    "ehs": "environment health safety",
    "hse": "health safety environment",
    "sme": "subject matter expert",
    "dba": "database administrator",
    "sre": "site reliability engineer",
    "fe": "frontend",
    "be": "backend",
    "iam": "identity and access management",
    "soc": "security operations centre",
    "nhs": "",
    "dach": "",
    "emea": "",
}
_EN_COMPLEMENT_START = re.compile(r"\s+(?:at|@|for|with|in)\s+(?=[A-Z0-9])")


def _expand_abbreviations(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        key = word.lower().rstrip(".")
        if key in _EN_ABBREVIATIONS and (word.isupper() or key in {"sr", "jr", "mgr", "asst"}):
            return _EN_ABBREVIATIONS[key]
        return word

    return re.sub(r"[A-Za-z&]+\.?", replace, text)


def _last_word(text: str) -> str:
    found = re.findall(r"[a-z]+", text.lower())
    return found[-1] if found else ""


@lru_cache(maxsize=1)
def _english_heads() -> frozenset[str]:
    """Return the last words of English ESCO labels seen at least 3 times ("engineer", "chef")."""
    import csv
    import gzip
    from collections import Counter

    from dualcareer.matching.texts import DATA_DIR

    counts: Counter[str] = Counter()
    path = DATA_DIR / "esco_occupations_en.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            labels = [row["preferred_label"], *row["alt_labels"].split("|")]
            for label in labels:
                word = _last_word(label)
                if word:
                    counts[word] += 1
    return frozenset(word for word, n in counts.items() if n >= 3)


# Internal references of vacancy titles: "Req#4521", "JR-10233", "Job ID 88712:",
# "[REF 2291]", "Ref: LS/0021", "#HR102", "R0045123". A code has two or more digits.
_EN_CODE = re.compile(
    r"(?:\b(?:req(?:uisition)?|ref(?:erence)?|job(?:\s+(?:id|code|no\.?|number))?|id"
    r"|vacancy(?:\s+(?:id|no\.?))?)\s*[:#.]?\s*)?"
    r"(?:#\s?[A-Za-z]*\d[\w%-]*|\b[A-Za-z]{0,4}[-#/]?\d{2,}[\w%-]*(?:/\d+)?)",
    re.IGNORECASE,
)
# "UX/UI Designer", "AP/AR Clerk", "QA/QC Inspector": abbreviations as alternatives.
_EN_ABBREVIATION_PAIR = re.compile(r"\b([A-Z][A-Z&]{1,4})/([A-Z][A-Z&]{1,4})\b")


def _parse_en(text: str) -> ParsedTitle:
    original = text
    level: list[str] = []
    qualifiers: list[str] = []
    text = _EN_CODE.sub(" ", text)
    text = normalise_title(text, "en")
    parenthesised: list[str] = []

    def take_parens(match: re.Match[str]) -> str:
        parenthesised.append(match.group(1) if match.group(1) is not None else match.group(2))
        return " | "

    text = _PARENS.sub(take_parens, text)
    segments = [s.strip() for s in _SEGMENT_SPLIT.split(text) if s and s.strip()]
    kept: list[str] = []
    for segment in segments + parenthesised:
        if _EMPLOYER.search(segment):
            continue
        cleaned = _EN_NOISE.sub(" ", segment)
        cleaned = _clean(cleaned)
        if not cleaned or _is_place(cleaned):
            continue
        kept.append(cleaned)
    # "Accenture - Management Consultant": the segment that ends in an occupation word
    # (the last word of some ESCO label) is the title, the others are employer or context.
    heads = _english_heads()
    if len(kept) > 1 and _last_word(kept[0]) not in heads:
        for position, segment in enumerate(kept[1:], 1):
            if _last_word(segment) in heads:
                # What came before the title names the employer: dropped.
                level.extend(kept[:position])
                kept = kept[position:]
                break
    alternatives: list[str] = []
    core = kept[0] if kept else _clean(text)
    pair = _EN_ABBREVIATION_PAIR.search(core)
    if pair:
        before, after = core[: pair.start()], core[pair.end() :]
        alternatives.append(f"{before}{pair.group(2)}{after}")
        core = f"{before}{pair.group(1)}{after}"
    # "Logistics Supervisor / Assistant": alternatives share the first words.
    if "/" in core:
        parts = [p.strip() for p in core.split("/") if p.strip()]
        if len(parts) > 1:
            first_words = parts[0].split()
            for part in parts[1:]:
                if len(part.split()) == 1 and len(first_words) > 1:
                    alternatives.append(" ".join([*first_words[:-1], part]))
                else:
                    alternatives.append(part)
            core = parts[0]
    core = _EN_COMPLEMENT_START.split(core)[0]
    core = _strip_trailing_place(core)

    def keep_level(match: re.Match[str]) -> str:
        level.append(_clean(match.group(0)))
        return " "

    stripped = _clean(_EN_SENIORITY.sub(keep_level, core))
    if stripped:
        core = stripped
    core = _expand_abbreviations(core)
    for segment in kept[1:]:
        if not _EMPLOYER.search(segment) and len(segment.split()) <= 4:
            qualifiers.append(_expand_abbreviations(_clean(_EN_SENIORITY.sub(" ", segment))))
    words = core.split()
    head = words[-1].lower() if words else ""
    variants = tuple(
        dict.fromkeys(
            _clean(_expand_abbreviations(_EN_SENIORITY.sub(" ", a)))
            for a in alternatives
            if _clean(a)
        )
    )
    return ParsedTitle(
        text=original,
        lang="en",
        core=_clean(core),
        qualifiers=tuple(q for q in qualifiers if q),
        level=tuple(level),
        head=head,
        variants=variants,
    )


@lru_cache(maxsize=50_000)
def parse_title(text: str, lang: Language | None = None) -> ParsedTitle:
    """Return `text` parsed into core, qualifiers, level, head and variants (see module doc)."""
    text = unicodedata.normalize("NFC", text or "").strip()
    if not text:
        return ParsedTitle(text="", lang=lang or "de", core="")
    lang = lang or detect_language(text)
    return _parse_de(text) if lang == "de" else _parse_en(text)
