"""Demo content of the public site for the Dual Career Netzwerk Ruhr: news, a success story
with its recorded consent, and the imprint, privacy notice and accessibility statement with
the demo operator filled in. Idempotent: pages are matched by their address.

The names of the couple in the story are invented; the operator's contact data use
example.org addresses.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.utils import timezone

from dualcareer.accounts.models import User
from dualcareer.public import services
from dualcareer.public.models import ConsentScope, Page, PageContent, PageKind

COORDINATOR = "koordination@example.org"

NEWS: list[dict[str, str]] = [
    {
        "slug": "netzwerktreffen-herbst-2026",
        "title_de": "Netzwerktreffen im Herbst: Dual Career in Berufungsverfahren",
        "title_en": "Autumn network meeting: Dual Career in appointment procedures",
        "description_de": "Rückblick auf das Herbsttreffen des Netzwerks in Essen.",
        "description_en": "A look back at the network's autumn meeting in Essen.",
        "body_de": "Beim Herbsttreffen in Essen haben Dual Career Services, Personalabteilungen "
        "und Kammern besprochen, wie Dual Career früh in Berufungsverfahren eingebunden wird.\n\n"
        "## Ergebnisse\n\n- Ein gemeinsamer Leitfaden für Berufungskommissionen\n"
        "- Feste Ansprechpersonen bei den Kammern\n\n"
        "Mehr zur Zusammenarbeit: "
        "[Für Hochschulen und Institute](/info/dual-career-institutions/).",
        "body_en": "At the autumn meeting in Essen, Dual Career Services, HR departments and "
        "chambers of commerce discussed how to involve Dual Career early in appointment "
        "procedures.\n\n## Results\n\n- A joint guide for appointment committees\n"
        "- Named contacts at the chambers\n\n"
        "More on working together: "
        "[For universities and institutes](/info/dual-career-institutions/).",
    },
    {
        "slug": "neue-mitglieder-2026",
        "title_de": "Drei neue Mitglieder im Netzwerk",
        "title_en": "Three new members in the network",
        "description_de": "Das Netzwerk wächst: Drei Arbeitgeber aus der Region sind beigetreten.",
        "description_en": "The network grows: three employers of the region have joined.",
        "body_de": "Drei Arbeitgeber aus der Region haben die gemeinsame Erklärung unterzeichnet. "
        "Alle Mitglieder stehen im [Mitgliederverzeichnis](/network/members/).",
        "body_en": "Three employers of the region have signed the joint statement. All members "
        "are listed in the [member directory](/network/members/).",
    },
]

STORY: dict[str, str] = {
    "slug": "von-lyon-nach-bochum",
    "title_de": "Von Lyon nach Bochum: zwei Laufbahnen, eine Region",
    "title_en": "From Lyon to Bochum: two careers, one region",
    "description_de": "Eine Physikerin nimmt einen Ruf nach Bochum an; ihr Partner, Ingenieur, "
    "findet über das Netzwerk eine Stelle in Dortmund.",
    "description_en": "A physicist accepts a professorship in Bochum; her partner, an engineer, "
    "finds a job in Dortmund through the network.",
    "body_de": "Als Claire M. den Ruf an die Ruhr-Universität Bochum erhielt, stand eine Frage "
    "im Raum: Was wird aus der Stelle ihres Partners Julien, Ingenieur für Verfahrenstechnik?\n\n"
    "Der Dual Career Service der Universität stellte Juliens Profil (zunächst ohne Namen) "
    "drei Arbeitgebern im Netzwerk vor. Nach zwei Gesprächen begann er bei einem "
    "Forschungsinstitut in Dortmund.\n\n"
    "> „Dass jemand unsere Situation als Paar ernst genommen hat, hat die Entscheidung "
    "leicht gemacht.“\n\n"
    "*Veröffentlicht mit der Einwilligung des Paares; Namen gekürzt.*",
    "body_en": "When Claire M. was offered a professorship at Ruhr University Bochum, one "
    "question remained: what about the career of her partner Julien, a process engineer?\n\n"
    "The university's Dual Career Service introduced Julien's profile (at first without his "
    "name) to three employers in the network. After two interviews he started at a research "
    "institute in Dortmund.\n\n"
    "> “That someone took our situation as a couple seriously made the decision easy.”\n\n"
    "*Published with the couple's consent; names shortened.*",
}

# The demo operator in place of the placeholders of the default texts.
OPERATOR = {
    "[Name der koordinierenden Einrichtung]": "Regionalverband Ruhr (Demo)",
    "[Name of the coordinating institution]": "Regionalverband Ruhr (demo)",
    "[Straße und Hausnummer]": "Kronprinzenstraße 35",
    "[Street and number]": "Kronprinzenstraße 35",
    "[Postleitzahl und Ort]": "45128 Essen",
    "[Postcode and town]": "45128 Essen, Germany",
    "[E-Mail-Adresse]": "koordination@example.org",
    "[e-mail address]": "koordination@example.org",
    "[E-Mail-Adresse der Koordinierungsstelle]": "koordination@example.org",
    "[e-mail address of the coordination office]": "koordination@example.org",
    "[Name, Anschrift, E-Mail-Adresse des Verantwortlichen]": "Regionalverband Ruhr (Demo), "
    "Kronprinzenstraße 35, 45128 Essen, koordination@example.org",
    "[name, address, e-mail address of the controller]": "Regionalverband Ruhr (demo), "
    "Kronprinzenstraße 35, 45128 Essen, Germany, koordination@example.org",
    "[Name oder Funktion, Anschrift, E-Mail-Adresse der oder des Datenschutzbeauftragten]": (
        "Datenschutzbeauftragte des Regionalverbands Ruhr (Demo), Anschrift wie oben, "
        "datenschutz@example.org"
    ),
    "[name or function, address, e-mail address of the data protection officer]": (
        "Data protection officer of the Regionalverband Ruhr (demo), address as above, "
        "datenschutz@example.org"
    ),
}


def _fill(values: dict[str, str]) -> dict[str, str]:
    filled = dict(values)
    for name in ("body_de", "body_en"):
        for placeholder, value in OPERATOR.items():
            filled[name] = filled[name].replace(placeholder, value)
    return filled


def _values(page: Page) -> dict[str, Any]:
    return {name: getattr(page, name) for name in PageContent.CONTENT_FIELDS}


def load(out: TextIO) -> None:
    coordinator = User.objects.filter(email=COORDINATOR).first()
    if coordinator is None:
        out.write("public: no demo coordinator, skipped\n")
        return
    for slug in ("imprint", "privacy", "accessibility"):
        page = Page.objects.get(slug=slug)
        if page.version == 1:  # the untouched default text
            services.page_save(user=coordinator, page=page, values=_fill(_values(page)))
    for item in NEWS:
        if not Page.objects.filter(slug=item["slug"]).exists():
            values = {**item, "body_format": "markdown"}
            services.page_save(
                user=coordinator, values=values, kind=PageKind.NEWS, slug=item["slug"]
            )
    if not Page.objects.filter(slug=STORY["slug"]).exists():
        values = {**STORY, "body_format": "markdown"}
        story = services.page_save(
            user=coordinator, values=values, kind=PageKind.STORY, slug=STORY["slug"], publish=False
        )
        services.story_consent_record(
            user=coordinator,
            story=story,
            given_by="Claire M. und Julien M.",
            given_on=timezone.localdate() - dt.timedelta(days=30),
            scope=ConsentScope.WEBSITE_PRINT,
            evidence="Koordinierungsstelle, Akte DC-Demo-1",
        )
        services.page_save(user=coordinator, page=story, values=values, publish=True)
    out.write("public: pages, news and a success story\n")
