from __future__ import annotations

import pytest

from dualcareer.matching.titles import label_head, parse_title


@pytest.mark.parametrize(
    ("title", "core"),
    [
        ("Erzieherin / Erzieher", "Erzieher"),
        ("Sozialarbeiterin/Sozialarbeiter", "Sozialarbeiter"),
        ("Elektroniker*in für Betriebstechnik", "Elektroniker für Betriebstechnik"),
        ("Bauzeichner:in", "Bauzeichner"),
        ("Zimmerer/-in", "Zimmerer"),
        ("KauffrauKaufmann für Büromanagement", "Kaufmann für Büromanagement"),
        ("Tiermedizinische/r Fachangestellte/r", "Tiermedizinischer Fachangestellter"),
        ("Amtstierarzt/-ärztin beim Veterinäramt", "Amtstierarzt beim Veterinäramt"),
        ("Dachdecker*innen", "Dachdecker"),
    ],
)
def test_gender_and_pair_forms_reduce_to_one_title(title: str, core: str) -> None:
    assert parse_title(title, "de").core == core


def test_job_board_noise_is_dropped() -> None:
    parsed = parse_title("Maler und Lackierer (m/w/d) \u2013 Vollzeit, unbefristet", "de")
    assert parsed.core == "Maler und Lackierer"
    assert parsed.qualifiers == ()


def test_place_after_a_dash_is_dropped_but_the_specialisation_stays() -> None:
    parsed = parse_title("Servicetechniker (m/w/d) Aufzugstechnik \u2013 Raum München", "de")
    assert parsed.core == "Servicetechniker Aufzugstechnik"
    assert "München" not in parsed.query


def test_fachrichtung_and_schwerpunkt_become_qualifiers_and_certification_a_level() -> None:
    parsed = parse_title(
        "Staatlich geprüfte/r Techniker/in - Fachrichtung Maschinentechnik, "
        "Schwerpunkt Produktionstechnik",
        "de",
    )
    assert parsed.core == "Techniker"
    assert parsed.qualifiers == ("Maschinentechnik", "Produktionstechnik")
    assert parsed.level == ("Staatlich geprüfter",)
    assert parsed.head == "techniker"
    # The specialisation compounded with the head names the occupation as ESCO does.
    assert "Maschinentechniker" in parsed.variants
    assert parsed.query == "Techniker Maschinentechnik Produktionstechnik"


def test_parenthesised_certification_is_a_level_not_a_qualifier() -> None:
    parsed = parse_title("Ergotherapeut/in (staatlich anerkannt)", "de")
    assert parsed.core == "Ergotherapeut"
    assert parsed.qualifiers == ()
    assert parsed.level == ("staatlich anerkannt",)


def test_training_and_degree_markers_are_levels() -> None:
    assert parse_title("Diplom-Ingenieur/in (FH) - Elektrotechnik", "de").level == (
        "Diplom",
        "FH",
    )
    assert parse_title("Dipl.-Ing. Verfahrenstechnik", "de").core == "Ingenieur Verfahrenstechnik"
    parsed = parse_title("Maurer/in (Stufenausbildung Bau, 3. Ausbildungsjahr)", "de")
    assert parsed.core == "Maurer"
    # Words that only start like a level word stay ("Lehrer" is not "Lehre").
    assert parse_title("Lehrer*in für Sonderpädagogik", "de").core == "Lehrer für Sonderpädagogik"
    assert parse_title("Hauswirtschaftskraft Seniorenzentrum", "de").core == (
        "Hauswirtschaftskraft Seniorenzentrum"
    )


@pytest.mark.parametrize(
    ("title", "head"),
    [
        ("Bäderbetriebsfachangestellter", "fachangestellter"),
        ("Tourismusfachwirt/in", "fachwirt"),
        ("Elektrotechnikermeister/in", "meister"),
        ("Kaufmännischer Angestellter (m/w/d) Auftragsabwicklung", "angestellter"),
        ("Land- und Baumaschinenmechatroniker/in", "mechatroniker"),
        ("Fachkraft für Lagerlogistik", "fachkraft"),
    ],
)
def test_head_is_the_last_part_of_the_first_noun(title: str, head: str) -> None:
    assert parse_title(title, "de").head == head


def test_master_title_also_reads_as_its_craft() -> None:
    parsed = parse_title("Dachdeckermeister/in - Fachrichtung Dach-, Wand- und Abdichtungstechnik")
    assert parsed.head == "meister"
    assert parsed.variants[0].startswith("Dachdecker ")
    assert parse_title("Konditormeister/in", "de").variants == ("Konditor",)


def test_industrial_master_reads_as_production_lead_of_its_field() -> None:
    parsed = parse_title("Geprüfte/r Industriemeister/in - Fachrichtung Chemie", "de")
    assert parsed.qualifiers == ("Chemie",)
    assert "Produktionsleiter Chemie" in parsed.variants


@pytest.mark.parametrize(
    ("title", "service"),
    [
        ("Regierungsinspektor/in (gehobener nichttechnischer Dienst)", "Verwaltungsbeamter"),
        ("Steuerinspektor/in (Finanzamt)", "Steuerbeamter"),
        ("Zollsekretär/in (mittlerer Zolldienst)", "Zollbeamter"),
        ("Polizeimeister/in", "Polizeibeamter"),
        ("Brandinspektor/in (gehobener feuerwehrtechnischer Dienst)", "Feuerwehrmann"),
    ],
)
def test_civil_service_rank_reads_as_its_service(title: str, service: str) -> None:
    parsed = parse_title(title, "de")
    assert any(variant.startswith(service) for variant in parsed.variants)


def test_career_level_is_kept_apart() -> None:
    parsed = parse_title("Verwaltungssekretär/in (mittlerer nichttechnischer Verwaltungsdienst)")
    assert parsed.core == "Verwaltungssekretär"
    assert parsed.level == ("mittlerer nichttechnischer Verwaltungsdienst",)


def test_a_craft_master_is_not_read_as_a_civil_servant() -> None:
    variants = parse_title("Klempnermeister/in", "de").variants
    assert variants == ("Klempner",)


def test_legal_reference_is_dropped() -> None:
    assert parse_title("Zusätzliche Betreuungskraft nach § 53b SGB XI", "de").core == (
        "Zusätzliche Betreuungskraft"
    )


def test_english_seniority_remote_and_place_are_dropped() -> None:
    parsed = parse_title("Sr. Data Engineer - Remote", "en")
    assert parsed.core == "Data Engineer"
    assert parsed.level == ("Sr",)
    parsed = parse_title("Registered Nurse - Night Shift - Frankfurt", "en")
    assert parsed.query == "Registered Nurse"


def test_english_slash_alternatives_share_the_first_words() -> None:
    parsed = parse_title("Logistics Supervisor / Assistant", "en")
    assert parsed.core == "Logistics Supervisor"
    assert "Logistics Assistant" in parsed.variants


def test_english_abbreviations_are_expanded() -> None:
    assert parse_title("QA Tester (remote, contract 6 months)", "en").core == (
        "quality assurance Tester"
    )


def test_employer_segment_is_dropped() -> None:
    parsed = parse_title("Sachbearbeiter Buchhaltung (m/w/d) - Muster Logistik GmbH", "de")
    assert parsed.core == "Sachbearbeiter Buchhaltung"
    assert "GmbH" not in parsed.query


def test_empty_title() -> None:
    assert parse_title("   ").query == ""


@pytest.mark.parametrize(
    ("title", "query"),
    [
        ("Berufe in der Lagerwirtschaft", "Lagerwirtschaft"),
        ("Berufe im Bestattungswesen", "Bestattungswesen"),
        ("Aufsichtskräfte \u2013 Gebäudereinigung", "Aufsichtskraft Gebäudereinigung"),
        ("Führungskräfte \u2013 Einkauf und Vertrieb", "Führungskraft Einkauf und Vertrieb"),
    ],
)
def test_classification_group_names_name_their_field_and_role_in_the_singular(
    title: str, query: str
) -> None:
    assert parse_title(title, "de").query == query


@pytest.mark.parametrize(
    ("title", "head"),
    [
        ("Zusteller (m/w/d) Paketdienst", "zusteller"),
        ("Maler/in und Lackierer/in", "maler"),
        ("Medizinische/r Fachangestellte/r", "fachangestellter"),
    ],
)
def test_nouns_that_end_like_adjectives_are_heads(title: str, head: str) -> None:
    assert parse_title(title, "de").head == head


@pytest.mark.parametrize(
    ("title", "query"),
    [
        ("Req#4521 - Maintenance Technician (Night Shift)", "Maintenance Technician"),
        ("Job ID 88712: Account Executive", "Account Executive"),
        ("R0045123 Financial Controller", "Financial Controller"),
        ("Ref: LS/0021 Legal Secretary", "Legal Secretary"),
        ("(REQ-2231) Laboratory Assistant", "Laboratory Assistant"),
        ("#HR102 Payroll Administrator", "Payroll Administrator"),
        ("Van Driver 7.5t", "Van Driver 7.5t"),
    ],
)
def test_internal_vacancy_codes_are_dropped(title: str, query: str) -> None:
    assert parse_title(title, "en").query == query


def test_abbreviation_pairs_are_alternatives_sharing_the_rest() -> None:
    parsed = parse_title("AP/AR Clerk", "en")
    assert parsed.core == "accounts payable Clerk"
    assert parsed.variants == ("accounts receivable Clerk",)


@pytest.mark.parametrize(
    ("label", "lang", "head"),
    [
        ("Lehrkraft im Bereich Gastronomie", "de", "Lehrkraft"),
        ("Instruktor für Berufskraftfahrer/Instruktorin für Berufskraftfahrer", "de", "Instruktor"),
        ("Medizinisch-technischer Laborassistent", "de", "Laborassistent"),
        ("Produktionsleiter Chemie", "de", "Produktionsleiter"),
        ("food service vocational teacher", "en", "teacher"),
        ("head of workshop", "en", "head"),
    ],
)
def test_label_head_is_the_word_that_names_the_occupation(label: str, lang: str, head: str) -> None:
    assert label_head(label, lang) == head


@pytest.mark.parametrize(
    ("title", "core"),
    [
        ("Studienrat/-rätin an beruflichen Schulen", "Studienrat an beruflichen Schulen"),
        ("Oberamtsrat/-rätin", "Oberamtsrat"),
    ],
)
def test_short_feminine_suffix_pairs_reduce_to_one_title(title: str, core: str) -> None:
    parsed = parse_title(title, "de")
    assert parsed.core == core
    assert not any("rätin" in v for v in parsed.variants)


@pytest.mark.parametrize(
    ("title", "qualifier"),
    [
        ("Metalltechniker/in \u2013 Hauptmodul Maschinenbautechnik", "Maschinenbautechnik"),
        ("Elektrotechniker/in \u2013 Spezialmodul Gebäudeleittechnik", "Gebäudeleittechnik"),
    ],
)
def test_austrian_modules_are_qualifiers(title: str, qualifier: str) -> None:
    parsed = parse_title(title, "de")
    assert parsed.qualifiers == (qualifier,)


@pytest.mark.parametrize(
    ("title", "level"),
    [("Logistiker/in EFZ", "EFZ"), ("Küchenangestellte/r EBA", "EBA")],
)
def test_swiss_certificates_are_levels(title: str, level: str) -> None:
    parsed = parse_title(title, "de")
    assert level in parsed.level
    assert level not in parsed.core


@pytest.mark.parametrize(
    ("title", "head", "occupation"),
    [
        ("Rechtspflegeranwärter/in", "anwärter", "Rechtspfleger"),
        ("Kochlehrling", "kochlehrling", "Koch"),
        ("Apothekerpraktikant/in", "apothekerpraktikant", "Apotheker"),
    ],
)
def test_a_trainee_compound_also_reads_as_its_occupation(
    title: str, head: str, occupation: str
) -> None:
    parsed = parse_title(title, "de")
    assert parsed.head == head
    assert occupation in parsed.variants


def test_a_trainee_rank_of_a_known_service_reads_as_the_service_only() -> None:
    # "Zoll" alone names no occupation; the civil-service rule already gives the service.
    assert parse_title("Zollanwärter/in", "de").variants == ("Zollbeamter",)


@pytest.mark.parametrize(
    ("title", "variant"),
    [
        ("Pflegefachmann/-frau", "Pflegefachkraft"),
        ("Gastronomiefachmann/-frau", "Gastronomiefachkraft"),
        ("Landwirtschaftlicher Facharbeiter", "Landwirtschaftlicher Fachkraft"),
    ],
)
def test_fachmann_and_facharbeiter_heads_also_read_as_fachkraft(title: str, variant: str) -> None:
    assert variant in parse_title(title, "de").variants


@pytest.mark.parametrize(
    ("title", "variants"),
    [
        ("Buslenker/in", ("Busfahrer",)),
        ("Rauchfangkehrer/in", ("Schornsteinfeger",)),
        ("Exekutivbeamter/-beamtin", ("Polizeibeamter", "Polizist")),
        ("Gastronomiefachmann/-frau", ("Koch", "Restaurantfachmann")),
        ("Fachmann Gesundheit EFZ", ("Pflegehelfer",)),
        (
            "Einzelhandelskaufmann/-frau \u2013 Schwerpunkt Lebensmittelhandel",
            ("Verkäufer Lebensmittelhandel",),
        ),
    ],
)
def test_regional_words_also_read_as_their_german_equivalents(
    title: str, variants: tuple[str, ...]
) -> None:
    found = parse_title(title, "de").variants
    for variant in variants:
        assert variant in found


def test_words_not_in_the_regional_table_get_no_regional_reading() -> None:
    assert parse_title("Bäcker/in", "de").variants == ()
    # A table word inside another word is no match ("lenker" is not the end of "Lenkerbau...").
    assert parse_title("Schornsteinfeger/in", "de").variants == ()


def test_synonym_table_rows_are_well_formed() -> None:
    from dualcareer.matching.titles import SYNONYMS_FILE, _synonym_table

    rows = [
        line.split("\t")
        for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rows[0] == ["word", "equivalents", "region"]
    for row in rows[1:]:
        assert len(row) == 3, row
        assert row[0] == row[0].lower().strip() and len(row[0]) >= 5, row
        assert all(e.strip() for e in row[1].split("|")), row
    assert len(_synonym_table()) == len(rows) - 1  # no word twice
