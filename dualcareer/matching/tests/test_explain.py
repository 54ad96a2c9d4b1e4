from __future__ import annotations

import pytest

from dualcareer.matching.explain import ABOUT_PARTNER, MESSAGES, Reason, render, render_all


def test_language_requirement_in_both_languages() -> None:
    reason = Reason("language.missing", {"language": "de", "required": "C1", "have": "B2"})
    assert render(reason, "en") == "requires German C1, you have B2"
    assert render(reason, "de") == "erfordert Deutsch C1, Sie haben B2"


def test_missing_language_reads_naturally() -> None:
    reason = Reason("language.missing", {"language": "fr", "required": "B1", "have": "none"})
    assert render(reason, "en") == "requires French B1, you have none"


def test_commute_and_unknown_ui_language_falls_back_to_english() -> None:
    reason = Reason("commute.within", {"minutes": 27})
    assert render(reason, "de") == "27 Min. von Ihrem Wohnort"
    assert render(reason, "fr") == "27 min from your home area"


def test_every_message_exists_in_both_languages_with_same_placeholders() -> None:
    import string

    for code, texts in MESSAGES.items():
        fields = {
            lang: {f for _, f, _, _ in string.Formatter().parse(text) if f}
            for lang, text in texts.items()
        }
        assert set(texts) == {"de", "en"}, code
        assert fields["de"] == fields["en"], code


def test_render_all_keeps_order_and_unknown_codes_fail() -> None:
    reasons = [Reason("semantic.similar"), Reason("occupation.none")]
    assert render_all(reasons, "en") == [
        "the description is similar to your profile",
        "not linked to any of your desired positions",
    ]
    with pytest.raises(KeyError):
        render(Reason("no.such.code"), "en")


def test_officers_and_employers_read_about_the_partner_not_to_them() -> None:
    reason = Reason("language.missing", {"language": "de", "required": "C1", "have": "B2"})
    assert render(reason, "en", "officer") == "requires German C1, the profile states B2"
    assert render(reason, "de", "employer") == "erfordert Deutsch C1, im Profil: B2"
    for code in MESSAGES:
        assert code in ABOUT_PARTNER, f"{code} has no wording for officers and employers"


def test_employers_never_read_about_the_couples_household() -> None:
    reasons = [
        Reason("commute.within", {"minutes": 20}),
        Reason(
            "couple.home_exists",
            {"district": "Bochum", "minutes_self": 20, "minutes_partner": 15},
        ),
    ]
    assert render_all(reasons, "en", "employer") == ["20 min from the home area"]
    assert len(render_all(reasons, "en", "officer")) == 2
    assert render_all(reasons, "en")[1].startswith("you could both live in Bochum")
