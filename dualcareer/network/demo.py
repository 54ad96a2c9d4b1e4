# ruff: noqa: RUF001  (real institution names use the German en dash)
"""Demo data: the Dual Career Netzwerk Ruhr and the national network it belongs to.

Institutions, cities and addresses are real (from the network's joint
statement); coordinates are those of the institutions' main sites. Contact
people are fictional. Loading is idempotent: records are matched by slug and
updated in place.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from django.db import transaction

from dualcareer.network.models import (
    Application,
    Contact,
    Institution,
    Network,
    NetworkMembership,
    Sector,
    ServiceProvision,
    Signature,
    StatementVersion,
)
from dualcareer.network.validation import name_key

S = Sector
DEMO_DATA = Path(__file__).resolve().parent / "demo_data"

# slug, name, English name, short, sector, street, postcode, city, lat, lon, website
INSTITUTIONS: list[tuple[str, str, str, str, str, str, str, str, str, str, str]] = [
    (
        "rub",
        "Ruhr-Universität Bochum",
        "Ruhr University Bochum",
        "RUB",
        S.UNIVERSITY,
        "Universitätsstraße 150",
        "44801",
        "Bochum",
        "51.444700",
        "7.261700",
        "https://www.ruhr-uni-bochum.de",
    ),
    (
        "tu-dortmund",
        "Technische Universität Dortmund",
        "TU Dortmund University",
        "TU Dortmund",
        S.UNIVERSITY,
        "August-Schmidt-Straße 4",
        "44227",
        "Dortmund",
        "51.492600",
        "7.412500",
        "https://www.tu-dortmund.de",
    ),
    (
        "ude",
        "Universität Duisburg-Essen",
        "University of Duisburg-Essen",
        "UDE",
        S.UNIVERSITY,
        "Universitätsstraße 2",
        "45141",
        "Essen",
        "51.463700",
        "7.004800",
        "https://www.uni-due.de",
    ),
    (
        "fernuni-hagen",
        "FernUniversität in Hagen",
        "FernUniversität in Hagen",
        "FernUni",
        S.UNIVERSITY,
        "Universitätsstraße 47",
        "58097",
        "Hagen",
        "51.377200",
        "7.494500",
        "https://www.fernuni-hagen.de",
    ),
    (
        "hs-bochum",
        "Hochschule Bochum",
        "Bochum University of Applied Sciences",
        "HS Bochum",
        S.APPLIED_SCIENCES,
        "Am Hochschulcampus 1",
        "44801",
        "Bochum",
        "51.448000",
        "7.272000",
        "https://www.hochschule-bochum.de",
    ),
    (
        "hs-gesundheit",
        "Hochschule für Gesundheit",
        "Hochschule für Gesundheit (University of Applied Health Sciences)",
        "HS Gesundheit",
        S.APPLIED_SCIENCES,
        "Gesundheitscampus 6-8",
        "44801",
        "Bochum",
        "51.445800",
        "7.275500",
        "https://www.hs-gesundheit.de",
    ),
    (
        "thga",
        "Technische Hochschule Georg Agricola",
        "Technische Hochschule Georg Agricola",
        "THGA",
        S.APPLIED_SCIENCES,
        "Herner Straße 45",
        "44787",
        "Bochum",
        "51.486500",
        "7.217700",
        "https://www.thga.de",
    ),
    (
        "evh-rwl",
        "Evangelische Hochschule Rheinland-Westfalen-Lippe",
        "Protestant University of Applied Sciences Rhineland-Westphalia-Lippe",
        "EvH RWL",
        S.APPLIED_SCIENCES,
        "Immanuel-Kant-Straße 18-20",
        "44803",
        "Bochum",
        "51.469300",
        "7.261100",
        "https://www.evh-bochum.de",
    ),
    (
        "fh-dortmund",
        "Fachhochschule Dortmund",
        "Dortmund University of Applied Sciences and Arts",
        "FH Dortmund",
        S.APPLIED_SCIENCES,
        "Sonnenstraße 96",
        "44139",
        "Dortmund",
        "51.507000",
        "7.450300",
        "https://www.fh-dortmund.de",
    ),
    (
        "w-hs",
        "Westfälische Hochschule",
        "Westphalian University of Applied Sciences",
        "W-HS",
        S.APPLIED_SCIENCES,
        "Neidenburger Straße 43",
        "45897",
        "Gelsenkirchen",
        "51.574600",
        "7.029000",
        "https://www.w-hs.de",
    ),
    (
        "hs-ruhr-west",
        "Hochschule Ruhr West",
        "Ruhr West University of Applied Sciences",
        "HRW",
        S.APPLIED_SCIENCES,
        "Duisburger Straße 100",
        "45479",
        "Mülheim an der Ruhr",
        "51.428800",
        "6.865300",
        "https://www.hochschule-ruhr-west.de",
    ),
    (
        "bergbau-museum",
        "Deutsches Bergbau-Museum Bochum",
        "German Mining Museum Bochum",
        "DBM",
        S.MUSEUM,
        "Am Bergbaumuseum 28",
        "44791",
        "Bochum",
        "51.489000",
        "7.217500",
        "https://www.bergbaumuseum.de",
    ),
    (
        "windo",
        "windo e.V. – Wissenschaftsnetzwerk Dortmund",
        "windo – science network Dortmund",
        "windo",
        S.SCIENCE_NETWORK,
        "",
        "",
        "Dortmund",
        "51.513600",
        "7.465300",
        "",
    ),
    (
        "mpi-dortmund",
        "Max-Planck-Institut für molekulare Physiologie",
        "Max Planck Institute of Molecular Physiology",
        "MPI Dortmund",
        S.RESEARCH_INSTITUTE,
        "Otto-Hahn-Straße 11",
        "44227",
        "Dortmund",
        "51.493500",
        "7.410500",
        "https://www.mpi-dortmund.mpg.de",
    ),
    (
        "rvr",
        "Regionalverband Ruhr",
        "Ruhr Regional Association",
        "RVR",
        S.REGIONAL_ASSOCIATION,
        "Kronprinzenstraße 35",
        "45128",
        "Essen",
        "51.446200",
        "7.013900",
        "https://www.rvr.ruhr",
    ),
    (
        "bmr",
        "Business Metropole Ruhr GmbH",
        "Business Metropole Ruhr GmbH",
        "BMR",
        S.ECONOMIC_DEVELOPMENT,
        "Kronprinzenstraße 6",
        "45128",
        "Essen",
        "51.449700",
        "7.013400",
        "https://www.business.ruhr",
    ),
    (
        "ihk-dortmund",
        "Industrie- und Handelskammer zu Dortmund",
        "Chamber of Commerce and Industry Dortmund",
        "IHK Dortmund",
        S.CHAMBER,
        "Märkische Straße 120",
        "44141",
        "Dortmund",
        "51.503800",
        "7.483600",
        "https://www.ihk.de/dortmund",
    ),
    (
        "ihk-bochum",
        "IHK Mittleres Ruhrgebiet",
        "Chamber of Commerce and Industry Central Ruhr",
        "IHK Bochum",
        S.CHAMBER,
        "Ostring 30-32",
        "44787",
        "Bochum",
        "51.481600",
        "7.224300",
        "https://www.ihk.de/bochum",
    ),
    (
        "ihk-essen",
        "IHK für Essen, Mülheim an der Ruhr, Oberhausen zu Essen",
        "Chamber of Commerce and Industry Essen, Mülheim an der Ruhr, Oberhausen",
        "IHK Essen",
        S.CHAMBER,
        "Am Waldthausenpark 2",
        "45127",
        "Essen",
        "51.453100",
        "7.007900",
        "https://www.ihk.de/essen",
    ),
    (
        "ihk-niederrhein",
        "Niederrheinische IHK Duisburg-Wesel-Kleve zu Duisburg",
        "Lower Rhine Chamber of Commerce and Industry Duisburg-Wesel-Kleve",
        "Niederrheinische IHK",
        S.CHAMBER,
        "Mercatorstraße 22-24",
        "47051",
        "Duisburg",
        "51.430200",
        "6.775400",
        "https://www.ihk-niederrhein.de",
    ),
    (
        "ihk-nord-westfalen",
        "IHK Nord Westfalen",
        "Chamber of Commerce and Industry North Westphalia",
        "IHK Nord Westfalen",
        S.CHAMBER,
        "Sentmaringer Weg 61",
        "48151",
        "Münster",
        "51.948100",
        "7.604300",
        "https://www.ihk.de/nordwestfalen",
    ),
    (
        "sihk-hagen",
        "Südwestfälische Industrie- und Handelskammer zu Hagen",
        "South Westphalian Chamber of Commerce and Industry Hagen",
        "SIHK",
        S.CHAMBER,
        "Bahnhofstraße 18",
        "58095",
        "Hagen",
        "51.361000",
        "7.464800",
        "https://www.sihk.de",
    ),
    (
        "initiativkreis-ruhr",
        "Initiativkreis Ruhr",
        "Initiativkreis Ruhr",
        "IR",
        S.FOUNDATION,
        "Brunnenstraße 8",
        "45128",
        "Essen",
        "51.444300",
        "7.014600",
        "https://www.i-r.de",
    ),
    (
        "wf-bochum",
        "Bochum Wirtschaftsentwicklung",
        "Bochum Office of Economic Development",
        "Bochum Wirtschaftsentwicklung",
        S.ECONOMIC_DEVELOPMENT,
        "",
        "44787",
        "Bochum",
        "51.479600",
        "7.219000",
        "https://www.bochum-wirtschaft.de",
    ),
    (
        "wf-dortmund",
        "Wirtschaftsförderung Dortmund",
        "Economic Development Agency Dortmund",
        "WF Dortmund",
        S.ECONOMIC_DEVELOPMENT,
        "Grüne Straße 2-8",
        "44147",
        "Dortmund",
        "51.517000",
        "7.452000",
        "https://www.wirtschaftsfoerderung-dortmund.de",
    ),
    (
        "ewg-essen",
        "EWG – Essener Wirtschaftsförderungsgesellschaft mbH",
        "EWG Essen Economic Development Agency",
        "EWG",
        S.ECONOMIC_DEVELOPMENT,
        "Kennedyplatz 5",
        "45127",
        "Essen",
        "51.456000",
        "7.014000",
        "https://www.ewg.de",
    ),
    (
        "tzdo",
        "TechnologieZentrumDortmund",
        "TechnologieZentrumDortmund",
        "TZDO",
        S.COMPANY,
        "Emil-Figge-Straße 76-80",
        "44227",
        "Dortmund",
        "51.493000",
        "7.418000",
        "https://www.tzdo.de",
    ),
    (
        "mercur",
        "Mercator Research Center Ruhr (MERCUR)",
        "Mercator Research Center Ruhr (MERCUR)",
        "MERCUR",
        S.FOUNDATION,
        "Huyssenallee 78-80",
        "45128",
        "Essen",
        "51.444000",
        "7.011000",
        "https://www.mercur-research.de",
    ),
]

# Fictional Dual Career contacts for a few members (no real people).
CONTACTS: dict[str, tuple[str, str, str]] = {
    "rvr": ("Dr. Kim Koordinatorin (Demo)", "Netzwerkkoordination", "dcn@rvr.demo.example"),
    "rub": ("Erika Mustermann (Demo)", "Dual Career Service", "dualcareer@rub.demo.example"),
    "tu-dortmund": ("Max Mustermann (Demo)", "Dual Career Service", "dcs@tu.demo.example"),
    "ude": ("Sam Beispiel (Demo)", "Dual Career & Family Service", "dcs@ude.demo.example"),
    "mpi-dortmund": ("Jonas Personal (Demo)", "Personalabteilung", "hr@mpi.demo.example"),
}

# Members of the Ruhr network. The UA Ruhr universities are also members of
# the national network.
RUHR_JOINED = dt.date(2017, 6, 1)
NATIONAL_MEMBERS = ["rub", "tu-dortmund", "ude"]


def load(out: TextIO) -> None:
    """Create or update the demo networks and institutions."""
    with transaction.atomic():
        institutions = {}
        for (
            slug,
            name,
            name_en,
            short,
            sector,
            street,
            postcode,
            city,
            lat,
            lon,
            website,
        ) in INSTITUTIONS:
            institution, _created = Institution.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "name_en": name_en,
                    "short_name": short,
                    "sector": sector,
                    "street": street,
                    "postcode": postcode,
                    "city": city,
                    "latitude": Decimal(lat),
                    "longitude": Decimal(lon),
                    "website": website,
                },
            )
            institutions[slug] = institution
        for slug, (name, position, email) in CONTACTS.items():
            Contact.objects.update_or_create(
                institution=institutions[slug],
                is_dual_career_contact=True,
                defaults={"name": name, "position": position, "email": email},
            )

        national, _ = Network.objects.update_or_create(
            slug="dcnd",
            defaults={
                "name": "Dual Career Netzwerk Deutschland",
                "name_en": "Dual Career Network Germany",
                "short_name": "DCND",
                "kind": Network.Kind.NATIONAL,
                "founded_on": dt.date(2010, 6, 10),
                "description_de": (
                    "Bundesweiter Zusammenschluss der Dual Career Services an Hochschulen und "
                    "Forschungseinrichtungen, gegründet 2010 in Berlin."
                ),
                "description_en": (
                    "Nationwide association of Dual Career services at universities and "
                    "research institutes, founded in Berlin in 2010."
                ),
            },
        )
        ruhr, _ = Network.objects.update_or_create(
            slug="dcn-ruhr",
            defaults={
                "name": "Dual Career Netzwerk Ruhr",
                "name_en": "Dual Career Network Ruhr",
                "short_name": "DCN Ruhr",
                "kind": Network.Kind.REGIONAL,
                "parent": national,
                "coordinating_institution": institutions["rvr"],
                "founded_on": RUHR_JOINED,
                "description_de": (
                    "Über 20 Einrichtungen aus Wissenschaft, Wirtschaft und Verwaltung im "
                    "Ruhrgebiet unterstützen gemeinsam Dual Career-Paare. Koordiniert vom "
                    "Regionalverband Ruhr, aufgebaut vom Mercator Research Center Ruhr."
                ),
                "description_en": (
                    "More than 20 institutions of science, economy and administration in the "
                    "Ruhr area support dual career couples together. Coordinated by the Ruhr "
                    "Regional Association, developed by the Mercator Research Center Ruhr."
                ),
            },
        )
        for slug, institution in institutions.items():
            NetworkMembership.objects.get_or_create(
                network=ruhr,
                institution=institution,
                left_on=None,
                defaults={"joined_on": RUHR_JOINED},
            )
            if slug in NATIONAL_MEMBERS:
                NetworkMembership.objects.get_or_create(
                    network=national,
                    institution=institution,
                    left_on=None,
                    defaults={"joined_on": dt.date(2010, 6, 10)},
                )
        _load_services(institutions)
        signed = _load_statement(ruhr, institutions)
        _load_application(ruhr)
    out.write(
        f"network: {len(institutions)} institutions, 2 networks, "
        f"joint statement with {signed} signatories, 1 pending application\n"
    )


# Conservative: only what the members' public pages show. The UA Ruhr universities run
# Dual Career services of their own; Duisburg-Essen's is a Dual Career & Family Service.
SERVICES: dict[str, dict[str, object]] = {
    "rub": {"offers_dual_career_service": True, "counselling_languages": ["de", "en"]},
    "tu-dortmund": {"offers_dual_career_service": True, "counselling_languages": ["de", "en"]},
    "ude": {
        "offers_dual_career_service": True,
        "offers_family_service": True,
        "counselling_languages": ["de", "en"],
    },
}


def _load_services(institutions: dict[str, Institution]) -> None:
    for slug, values in SERVICES.items():
        institution = institutions[slug]
        for field, value in {"service_provision": ServiceProvision.IN_HOUSE, **values}.items():
            setattr(institution, field, value)
        institution.save()


STATEMENT_TITLE_DE = "Gemeinsame Erklärung der Dual Career Netzwerk Ruhr Partner"
STATEMENT_TITLE_EN = "Joint statement by the Dual Career Network Ruhr partners"
STATEMENT_DE = (DEMO_DATA / "statement_de.txt").read_text(encoding="utf-8").strip()
STATEMENT_EN = (DEMO_DATA / "statement_en.txt").read_text(encoding="utf-8").strip()


def _load_statement(ruhr: Network, institutions: dict[str, Institution]) -> int:
    version, _created = StatementVersion.objects.update_or_create(
        network=ruhr,
        number=1,
        defaults={
            "title_de": STATEMENT_TITLE_DE,
            "title_en": STATEMENT_TITLE_EN,
            "text_de": STATEMENT_DE,
            "text_en": STATEMENT_EN,
            "published_on": RUHR_JOINED,
        },
    )
    # The statement names its signatories; MERCUR coordinated the build-up and is not one.
    signatories = [slug for slug in institutions if slug != "mercur"]
    for slug in signatories:
        Signature.objects.get_or_create(
            version=version, institution=institutions[slug], defaults={"signed_on": RUHR_JOINED}
        )
    return len(signatories)


def _load_application(ruhr: Network) -> None:
    """One fictional pending application for the coordinator to see."""
    name = "Beispiel Technologie GmbH (Demo)"
    Application.objects.get_or_create(
        network=ruhr,
        name_key=name_key(name),
        defaults={
            "kind": Application.Kind.JOIN,
            "organisation_name": name,
            "sector": Sector.COMPANY,
            "street": "Beispielstraße 1",
            "postcode": "44799",
            "city": "Bochum",
            "website": "https://example.org",
            "description": (
                "Fiktives Technologieunternehmen mit 400 Beschäftigten, das internationale "
                "Fachkräfte einstellt und offene Stellen mit dem Netzwerk teilen möchte."
            ),
            "contact_name": "Dana Demo",
            "contact_position": "Personalleitung",
            "contact_email": "personal@beispiel-technologie.example.org",
            "contact_language": "de",
            "accepts_standards": True,
            "message": (
                "Wir möchten Partnerinnen und Partner von neuen Mitarbeitenden unterstützen."
            ),
        },
    )
