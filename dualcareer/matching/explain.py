"""Reasons behind a match, and their wording in German and English.

The engine never returns prose: each result carries :class:`Reason` objects
(a code and parameters). :func:`render` turns one into a sentence in 'de' or
'en', so the platform shows it in the user's language and tests check codes,
not wording. Example: ``Reason("language.missing", {"language": "de",
"required": "C1", "have": "B2"})`` renders as "requires German C1, you have
B2" / "erfordert Deutsch C1, Sie haben B2".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Effect = Literal["plus", "minus", "neutral"]
ParamValue = str | int | float

LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "de": {"de": "Deutsch", "en": "German"},
    "en": {"de": "Englisch", "en": "English"},
    "fr": {"de": "Französisch", "en": "French"},
    "es": {"de": "Spanisch", "en": "Spanish"},
    "it": {"de": "Italienisch", "en": "Italian"},
    "nl": {"de": "Niederländisch", "en": "Dutch"},
    "pl": {"de": "Polnisch", "en": "Polish"},
    "pt": {"de": "Portugiesisch", "en": "Portuguese"},
    "ru": {"de": "Russisch", "en": "Russian"},
    "uk": {"de": "Ukrainisch", "en": "Ukrainian"},
    "tr": {"de": "Türkisch", "en": "Turkish"},
    "ar": {"de": "Arabisch", "en": "Arabic"},
    "zh": {"de": "Chinesisch", "en": "Chinese"},
    "ja": {"de": "Japanisch", "en": "Japanese"},
    "hi": {"de": "Hindi", "en": "Hindi"},
}

# Sentences per reason code; {placeholders} are the reason's params (language codes
# are replaced by language names, "have" may be "none").
MESSAGES: dict[str, dict[str, str]] = {
    "occupation.same": {
        "en": "same occupation as your desired position '{position}' ({occupation})",
        "de": "gleicher Beruf wie Ihre Wunschposition „{position}“ ({occupation})",
    },
    "occupation.close": {
        "en": "closely related to your desired position '{position}' ({occupation})",
        "de": "eng verwandt mit Ihrer Wunschposition „{position}“ ({occupation})",
    },
    "occupation.group": {
        "en": "same occupation group as your desired position '{position}' ({occupation})",
        "de": "gleiche Berufsgruppe wie Ihre Wunschposition „{position}“ ({occupation})",
    },
    "occupation.none": {
        "en": "not linked to any of your desired positions",
        "de": "passt zu keiner Ihrer Wunschpositionen",
    },
    "semantic.similar": {
        "en": "the description is similar to your profile",
        "de": "die Beschreibung ähnelt Ihrem Profil",
    },
    "skills.matched": {
        "en": "{count} of {total} required skills match ({skills})",
        "de": "{count} von {total} geforderten Kenntnissen passen ({skills})",
    },
    "skills.none": {
        "en": "none of the {total} required skills found in your profile",
        "de": "keine der {total} geforderten Kenntnisse in Ihrem Profil gefunden",
    },
    "language.met": {
        "en": "requires {language} {required}, you have {have}",
        "de": "erfordert {language} {required}, Sie haben {have}",
    },
    "language.missing": {
        "en": "requires {language} {required}, you have {have}",
        "de": "erfordert {language} {required}, Sie haben {have}",
    },
    "hours.fits": {
        "en": "{hours} hours a week, within your {low}-{high}",
        "de": "{hours} Wochenstunden, innerhalb Ihrer {low}\u2013{high}",
    },
    "hours.outside": {
        "en": "{hours} hours a week, outside your {low}-{high}",
        "de": "{hours} Wochenstunden, außerhalb Ihrer {low}\u2013{high}",
    },
    "start.fits": {
        "en": "starts {start}, you are available from {available}",
        "de": "Beginn {start}, Sie sind ab {available} verfügbar",
    },
    "start.too_early": {
        "en": "starts {start}, before you are available ({available})",
        "de": "Beginn {start}, bevor Sie verfügbar sind ({available})",
    },
    "commute.within": {
        "en": "{minutes} min from your home area",
        "de": "{minutes} Min. von Ihrem Wohnort",
    },
    "commute.too_far": {
        "en": "{minutes} min from your home area, more than your {limit} min",
        "de": "{minutes} Min. von Ihrem Wohnort, mehr als Ihre {limit} Min.",
    },
    "commute.unknown": {
        "en": "Commute unknown: the place of work could not be located",
        "de": "Anfahrt unbekannt: Der Arbeitsort ließ sich nicht verorten",
    },
    "couple.home_exists": {
        "en": "you could both live in {district}: {minutes_self} min to this job, "
        "{minutes_partner} min to your partner's workplace",
        "de": "Sie könnten beide in {district} wohnen: {minutes_self} Min. zu dieser Stelle, "
        "{minutes_partner} Min. zum Arbeitsort Ihres Partners",
    },
    "couple.no_home": {
        "en": "no place to live within both commute limits ({limit_self} and {limit_partner} min)",
        "de": "kein Wohnort innerhalb beider Pendelgrenzen ({limit_self} und {limit_partner} Min.)",
    },
}

# The same reasons told about the partner, for Dual Career officers and employers.
ABOUT_PARTNER: dict[str, dict[str, str]] = {
    "occupation.same": {
        "en": "same occupation as the desired position '{position}' ({occupation})",
        "de": "gleicher Beruf wie die Wunschposition „{position}“ ({occupation})",
    },
    "occupation.close": {
        "en": "closely related to the desired position '{position}' ({occupation})",
        "de": "eng verwandt mit der Wunschposition „{position}“ ({occupation})",
    },
    "occupation.group": {
        "en": "same occupation group as the desired position '{position}' ({occupation})",
        "de": "gleiche Berufsgruppe wie die Wunschposition „{position}“ ({occupation})",
    },
    "occupation.none": {
        "en": "not linked to any of the desired positions",
        "de": "passt zu keiner der Wunschpositionen",
    },
    "semantic.similar": {
        "en": "the description is similar to the profile",
        "de": "die Beschreibung ähnelt dem Profil",
    },
    "skills.matched": MESSAGES["skills.matched"],
    "skills.none": {
        "en": "none of the {total} required skills found in the profile",
        "de": "keine der {total} geforderten Kenntnisse im Profil gefunden",
    },
    "language.met": {
        "en": "requires {language} {required}, the profile states {have}",
        "de": "erfordert {language} {required}, im Profil: {have}",
    },
    "language.missing": {
        "en": "requires {language} {required}, the profile states {have}",
        "de": "erfordert {language} {required}, im Profil: {have}",
    },
    "hours.fits": {
        "en": "{hours} hours a week, within the wished {low}-{high}",
        "de": "{hours} Wochenstunden, innerhalb der gewünschten {low}\u2013{high}",
    },
    "hours.outside": {
        "en": "{hours} hours a week, outside the wished {low}-{high}",
        "de": "{hours} Wochenstunden, außerhalb der gewünschten {low}\u2013{high}",
    },
    "start.fits": {
        "en": "starts {start}, available from {available}",
        "de": "Beginn {start}, verfügbar ab {available}",
    },
    "start.too_early": {
        "en": "starts {start}, before the earliest start ({available})",
        "de": "Beginn {start}, vor dem frühesten Eintritt ({available})",
    },
    "commute.within": {
        "en": "{minutes} min from the home area",
        "de": "{minutes} Min. vom Wohnort",
    },
    "commute.too_far": {
        "en": "{minutes} min from the home area, more than the accepted {limit} min",
        "de": "{minutes} Min. vom Wohnort, mehr als die akzeptierten {limit} Min.",
    },
    "commute.unknown": {
        "en": "Commute from the home area unknown: the place of work could not be located",
        "de": "Anfahrt vom Wohnort unbekannt: Der Arbeitsort ließ sich nicht verorten",
    },
    "couple.home_exists": {
        "en": "the couple could live in {district}: {minutes_self} min to this job, "
        "{minutes_partner} min to the other workplace",
        "de": "das Paar könnte in {district} wohnen: {minutes_self} Min. zu dieser Stelle, "
        "{minutes_partner} Min. zum anderen Arbeitsort",
    },
    "couple.no_home": {
        "en": "no place to live within both commute limits ({limit_self} and {limit_partner} min)",
        "de": "kein Wohnort innerhalb beider Pendelgrenzen ({limit_self} und {limit_partner} Min.)",
    },
}

Audience = Literal["partner", "officer", "employer"]
# Employers see no reasons about the couple's household (data minimisation: the
# other workplace and where the couple might live are none of their business).
HIDDEN_FROM: dict[str, frozenset[str]] = {
    "partner": frozenset(),
    "officer": frozenset(),
    "employer": frozenset({"couple.home_exists", "couple.no_home"}),
}

_NONE = {"en": "none", "de": "keine Kenntnisse"}


@dataclass(frozen=True)
class Reason:
    """One structured reason: a code from MESSAGES, its parameters, and its effect."""

    code: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    effect: Effect = "neutral"


def language_name(code: str, lang: str) -> str:
    """Return the name of the language with ISO 639-1 `code` in `lang` ('de' or 'en')."""
    return LANGUAGE_NAMES.get(code, {}).get(lang, code)


def render(reason: Reason, lang: str = "de", audience: Audience = "partner") -> str:
    """Return the reason as a sentence in 'de' or 'en' (unknown languages fall back to 'en').

    The partner is addressed directly ("you have B2"); officers and employers
    read about the partner ("the profile states B2").
    """
    lang = lang if lang in ("de", "en") else "en"
    messages = MESSAGES if audience == "partner" else ABOUT_PARTNER
    template = messages[reason.code][lang]
    params: dict[str, ParamValue] = dict(reason.params)
    # The ESCO label in the reader's language when the reason carries both.
    if f"occupation_{lang}" in params:
        params["occupation"] = params[f"occupation_{lang}"]
    if "language" in params:
        params["language"] = language_name(str(params["language"]), lang)
    if params.get("have") == "none":
        params["have"] = _NONE[lang]
    return template.format(**params)


def render_all(
    reasons: list[Reason], lang: str = "de", audience: Audience = "partner"
) -> list[str]:
    """Return the reasons `audience` may read, rendered in `lang`, in order."""
    hidden = HIDDEN_FROM[audience]
    return [render(reason, lang, audience) for reason in reasons if reason.code not in hidden]


def render_split(
    reasons: list[Reason], lang: str = "de", audience: Audience = "partner"
) -> tuple[list[str], list[str]]:
    """Return (what fits, what does not fit): the reasons `audience` may read, in `lang`.

    A blocker ("requires German B2, you have A2") never stands among the
    positives: every reason with the effect "minus" goes to the second list.
    """
    hidden = HIDDEN_FROM[audience]
    shown = [reason for reason in reasons if reason.code not in hidden]
    fits = [render(reason, lang, audience) for reason in shown if reason.effect != "minus"]
    concerns = [render(reason, lang, audience) for reason in shown if reason.effect == "minus"]
    return fits, concerns
