"""Demo openings at members of the Dual Career Netzwerk Ruhr (fictional vacancies). Idempotent.

Openings are matched by employer + reference number and updated in place;
closing dates are relative to the day of loading so that the demo stays live.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from dualcareer.network.models import Institution
from dualcareer.openings import matchmaking
from dualcareer.openings.models import Opening, OpeningPlace
from dualcareer.openings.services import build_places

# employer slug, reference, title de, title en, description de, description en, field,
# places [(postcode, city, street)], remote %, working time, contract, salary band,
# (min, max), languages, visibility, closing in days (None: open-ended)
OPENINGS: list[tuple[Any, ...]] = [
    (
        "mpi-dortmund",
        "MPI-2026-014",
        "Bioinformatikerin oder Bioinformatiker (Postdoc)",
        "Bioinformatician (postdoc)",
        "In der Abteilung Systemische Zellbiologie analysieren Sie Daten aus Massenspektrometrie "
        "und Hochdurchsatz-Mikroskopie und entwickeln eigene Auswerteverfahren.",
        "In the Department of Systemic Cell Biology you analyse mass spectrometry and "
        "high-throughput microscopy data and develop your own analysis methods.",
        "research",
        [("44227", "Dortmund", "Otto-Hahn-Straße 11")],
        20,
        "full_time",
        "fixed_term",
        "TVöD Bund E 13",
        (52000, 68000),
        ["en"],
        "network",
        45,
    ),
    (
        "mpi-dortmund",
        "MPI-2026-021",
        "Laborleitung Proteinbiochemie",
        "Lab manager protein biochemistry",
        "Sie organisieren ein Labor mit zwölf Mitarbeitenden, verantworten Geräte, Sicherheit und "
        "Beschaffung und unterstützen Projekte in der Proteinreinigung.",
        "You run a lab of twelve staff, are responsible for equipment, safety and purchasing, "
        "and support projects in protein purification.",
        "research",
        [("44227", "Dortmund", "Otto-Hahn-Straße 11")],
        0,
        "full_time",
        "permanent",
        "TVöD Bund E 11",
        (None, None),
        ["de", "en"],
        "officers",
        30,
    ),
    (
        "mpi-dortmund",
        "MPI-2026-030",
        "Referentin oder Referent für Wissenschaftskommunikation",
        "",
        "Sie vermitteln unsere Forschung an Schulen, Presse und Öffentlichkeit, betreuen "
        "Website und soziale Medien und organisieren den Tag der offenen Tür.",
        "",
        "communication",
        [("44227", "Dortmund", "")],
        40,
        "part_time",
        "fixed_term",
        "TVöD Bund E 13",
        (None, None),
        ["de"],
        "public",
        21,
    ),
    (
        "tu-dortmund",
        "TU-W-1187",
        "Wissenschaftliche Mitarbeiterin oder Wissenschaftlicher Mitarbeiter Datenbanken",
        "Research associate databases",
        "Forschung und Lehre am Lehrstuhl für Datenbanken und Informationssysteme; Promotion "
        "möglich.",
        "Research and teaching at the chair of databases and information systems; "
        "a doctorate is possible.",
        "research",
        [("44227", "Dortmund", "Otto-Hahn-Straße 14")],
        20,
        "full_time",
        "fixed_term",
        "TV-L E 13",
        (None, None),
        ["de", "en"],
        "public",
        28,
    ),
    (
        "tu-dortmund",
        "TU-V-0412",
        "Sachbearbeitung Drittmittelverwaltung",
        "",
        "Sie betreuen Forschungsprojekte von der Antragstellung bis zum Verwendungsnachweis "
        "und beraten Professorinnen und Professoren zu Förderrichtlinien.",
        "",
        "finance",
        [("44227", "Dortmund", "")],
        30,
        "either",
        "permanent",
        "TV-L E 9b",
        (None, None),
        ["de"],
        "network",
        35,
    ),
    (
        "rub",
        "RUB-2026-233",
        "IT-Systemadministratorin oder IT-Systemadministrator",
        "IT systems administrator",
        "Betrieb der Linux-Server und der Speichersysteme der Fakultät für Physik und Astronomie.",
        "Operate the Linux servers and storage systems of the Faculty of Physics and Astronomy.",
        "it",
        [("44801", "Bochum", "Universitätsstraße 150")],
        40,
        "full_time",
        "permanent",
        "TV-L E 11",
        (None, None),
        ["de"],
        "public",
        40,
    ),
    (
        "rub",
        "RUB-2026-240",
        "",
        "Lecturer in English for academic purposes",
        "",
        "Teach academic English to students and doctoral researchers at the Professional "
        "School of Education; native or near-native command of English required.",
        "teaching",
        [("44801", "Bochum", "")],
        0,
        "part_time",
        "fixed_term",
        "TV-L E 13",
        (None, None),
        ["en"],
        "network",
        25,
    ),
    (
        "bmr",
        "BMR-24-07",
        "Projektmanagerin oder Projektmanager Ansiedlung Life Sciences",
        "Project manager investment promotion life sciences",
        "Sie begleiten internationale Unternehmen bei der Ansiedlung in der Metropole Ruhr und "
        "pflegen Netzwerke zu Hochschulen und Kliniken.",
        "You guide international companies that settle in the Ruhr metropolis and maintain "
        "networks with universities and hospitals.",
        "administration",
        [("45128", "Essen", "Kronprinzenstraße 6")],
        40,
        "full_time",
        "permanent",
        "",
        (60000, 75000),
        ["de", "en"],
        "network",
        30,
    ),
    (
        "bmr",
        "BMR-24-09",
        "Marketing Managerin oder Marketing Manager (Standortmarketing)",
        "",
        "Kampagnen für die Metropole Ruhr, Messen im Ausland, Zusammenarbeit mit Agenturen.",
        "",
        "communication",
        [("45128", "Essen", "")],
        50,
        "full_time",
        "fixed_term",
        "",
        (52000, 60000),
        ["de", "en"],
        "public",
        None,
    ),
    (
        "ude",
        "UDE-2026-118",
        "Ärztin oder Arzt in Weiterbildung (Innere Medizin)",
        "Physician in specialist training (internal medicine)",
        "Weiterbildung am Universitätsklinikum Essen; Approbation in Deutschland erforderlich.",
        "Specialist training at University Hospital Essen; a German licence to practise is "
        "required.",
        "health",
        [("45147", "Essen", "Hufelandstraße 55")],
        0,
        "full_time",
        "fixed_term",
        "TV-Ärzte",
        (None, None),
        ["de"],
        "public",
        60,
    ),
    (
        "ude",
        "UDE-2026-131",
        "Softwareentwicklerin oder Softwareentwickler Forschungsdaten",
        "Research software engineer",
        "Entwicklung von Werkzeugen für das Forschungsdatenmanagement an beiden Campi.",
        "Develop tools for research data management on both campuses.",
        "it",
        [("45141", "Essen", ""), ("47057", "Duisburg", "")],
        60,
        "full_time",
        "fixed_term",
        "TV-L E 13",
        (None, None),
        ["en"],
        "network",
        20,
    ),
    (
        "ihk-dortmund",
        "IHK-DO-19",
        "Beraterin oder Berater Fachkräftesicherung",
        "",
        "Sie beraten kleine und mittlere Unternehmen zu Fachkräftegewinnung, Welcome-Services "
        "und Anerkennung ausländischer Abschlüsse.",
        "",
        "hr",
        [("44141", "Dortmund", "Märkische Straße 120")],
        20,
        "full_time",
        "permanent",
        "",
        (None, None),
        ["de"],
        "public",
        14,
    ),
    (
        "fh-dortmund",
        "FH-2026-55",
        "Lehrkraft für besondere Aufgaben Architektur",
        "Lecturer (special duties) in architecture",
        "Lehre in Entwurf und Baukonstruktion im Bachelorstudiengang Architektur.",
        "Teaching design and building construction in the bachelor's programme in architecture.",
        "teaching",
        [("44139", "Dortmund", "Sonnenstraße 96")],
        0,
        "part_time",
        "fixed_term",
        "TV-L E 13",
        (None, None),
        ["de"],
        "officers",
        30,
    ),
    (
        "wf-dortmund",
        "WFDO-2026-3",
        "Referentin oder Referent Gründungsförderung",
        "Start-up support officer",
        "Beratung von Gründerinnen und Gründern, Organisation von Pitch-Events.",
        "Advise founders and organise pitch events.",
        "administration",
        [("44147", "Dortmund", "Grüne Straße 2-8")],
        30,
        "full_time",
        "permanent",
        "TVöD E 11",
        (None, None),
        ["de"],
        "network",
        30,
    ),
    (
        "hs-gesundheit",
        "HSG-26-12",
        "Wissenschaftliche Mitarbeiterin oder Wissenschaftlicher Mitarbeiter Pflegewissenschaft",
        "Research associate nursing science",
        "Mitarbeit in einem Forschungsprojekt zur digitalen Pflege; Pflegeausbildung erwünscht.",
        "Work in a research project on digital nursing care; nursing training is welcome.",
        "health",
        [("44801", "Bochum", "Gesundheitscampus 6-8")],
        30,
        "part_time",
        "fixed_term",
        "TV-L E 13",
        (None, None),
        ["de"],
        "public",
        35,
    ),
]


def load(out: TextIO) -> None:
    """Create or update the demo openings."""
    today = timezone.localdate()
    now = timezone.now()
    created = 0
    with transaction.atomic():
        for (
            slug,
            reference,
            title_de,
            title_en,
            description_de,
            description_en,
            field,
            places,
            remote,
            working_time,
            contract,
            band,
            (salary_min, salary_max),
            languages,
            visibility,
            closing_days,
        ) in OPENINGS:
            institution = Institution.objects.filter(slug=slug).first()
            if institution is None:
                continue
            opening, was_created = Opening.objects.update_or_create(
                institution=institution,
                reference=reference,
                defaults={
                    "title_de": title_de,
                    "title_en": title_en,
                    "description_de": description_de,
                    "description_en": description_en,
                    "occupation_field": field,
                    "remote_share": remote,
                    "working_time": working_time,
                    "contract_type": contract,
                    "salary_band": band,
                    "salary_min": salary_min,
                    "salary_max": salary_max,
                    "visibility": visibility,
                    "closing_date": today + dt.timedelta(days=closing_days)
                    if closing_days
                    else None,
                    "is_published": True,
                },
            )
            opening.set_languages(languages)
            if was_created or opening.published_at is None:
                opening.published_at = now
            built = build_places([{"postcode": p, "city": c, "street": s} for p, c, s in places])
            opening.places.all().delete()
            for place in built:
                place.opening = opening
            OpeningPlace.objects.bulk_create(built)
            opening.index_places(built)
            opening.save()
            matchmaking.embed_on_commit(opening)
            created += int(was_created)
    out.write(f"openings: {len(OPENINGS)} demo openings ({created} new)\n")
