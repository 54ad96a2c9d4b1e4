"""Demo data: the Ruhr network's quality standards and ethical guidelines, library articles,
self-assessments and a discussion. Idempotent: records are matched by their keys.

The standards are written for the demo after the national network's published practice (a
guide with minimum standards that fit members of any size; see docs on the field); they
are not the network's official text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from dualcareer.accounts.models import User
from dualcareer.knowledge import search
from dualcareer.knowledge.models import (
    Area,
    Article,
    ArticleVersion,
    AssessmentAnswer,
    Criterion,
    Guideline,
    Post,
    SelfAssessment,
    StandardsCatalogue,
    Thread,
    Visibility,
)
from dualcareer.network.models import Institution, Network

A = Area
# code, area, title de, title en, explanation de, explanation en, examples de, examples en
CRITERIA: list[tuple[str, str, str, str, str, str, str, str]] = [
    (
        "L1",
        A.SERVICE_PORTFOLIO,
        "Das Leistungsangebot ist schriftlich beschrieben und veröffentlicht",
        "The service portfolio is described in writing and published",
        "Zielgruppen, Leistungen und Grenzen des Angebots (keine Stellengarantie) sind auf "
        "der Webseite und in Berufungsunterlagen nachzulesen.",
        "Target groups, services and the limits of the offer (no job guarantee) can be read "
        "on the website and in the appointment documents.",
        "Webseite mit Zielgruppen und Ablauf\nFaltblatt in den Berufungsunterlagen",
        "Website with target groups and process\nLeaflet in the appointment documents",
    ),
    (
        "L2",
        A.SERVICE_PORTFOLIO,
        "Beratung in Deutsch und Englisch",
        "Counselling in German and English",
        "Partnerinnen und Partner aus dem Ausland werden in einer Sprache beraten, die sie "
        "sicher sprechen.",
        "Partners from abroad are counselled in a language they speak with confidence.",
        "Englischsprachige Beratungstermine\nÜbersetzte Merkblätter",
        "Counselling appointments in English\nTranslated information sheets",
    ),
    (
        "P1",
        A.PROCESS_INTEGRATION,
        "Einbindung in Berufungs- und Rekrutierungsverfahren",
        "Part of appointment and recruitment procedures",
        "Das Angebot wird Kandidatinnen und Kandidaten früh, spätestens in den "
        "Berufungsverhandlungen, vorgestellt.",
        "The service is presented to candidates early, at the latest in the appointment "
        "negotiations.",
        "Hinweis im Einladungsschreiben\nTermin mit dem Dual Career Service während des Besuchs",
        "Note in the letter of invitation\nMeeting with the Dual Career service during the visit",
    ),
    (
        "P2",
        A.PROCESS_INTEGRATION,
        "Abgestimmte Zuständigkeiten mit Personalabteilung und Hochschulleitung",
        "Agreed responsibilities with human resources and university management",
        "Wer informiert, wer berät und wer entscheidet, ist schriftlich vereinbart.",
        "Who informs, who counsels and who decides is agreed in writing.",
        "Prozessbeschreibung\nJährliches Abstimmungsgespräch",
        "Process description\nYearly coordination meeting",
    ),
    (
        "B1",
        A.COUNSELLING_QUALITY,
        "Individuelle, vertrauliche Beratung",
        "Individual, confidential counselling",
        "Jede Beratung beginnt mit einem Gespräch über Ziele und Profil; Inhalte werden nur "
        "mit Einwilligung weitergegeben.",
        "Every counselling starts with a conversation about goals and profile; its content is "
        "passed on only with consent.",
        "Erstgespräch innerhalb von zwei Wochen\nDokumentierte Einwilligung vor jeder Weitergabe",
        "First meeting within two weeks\nDocumented consent before any disclosure",
    ),
    (
        "B2",
        A.COUNSELLING_QUALITY,
        "Qualifizierte Beraterinnen und Berater",
        "Qualified counsellors",
        "Die Beratenden bilden sich regelmäßig fort, etwa in Coaching, Karriereberatung und "
        "interkultureller Kompetenz.",
        "Counsellors take regular training, for example in coaching, career guidance and "
        "intercultural competence.",
        "Fortbildungen des Netzwerks\nKollegiale Fallberatung",
        "The network's trainings\nPeer case consultation",
    ),
    (
        "R1",
        A.REGIONAL_NETWORK,
        "Aktive Mitarbeit im regionalen Netzwerk",
        "Active part in the regional network",
        "Das Mitglied benennt eine feste Ansprechperson, beantwortet Netzwerkanfragen zügig und "
        "nimmt an den Treffen teil.",
        "The member names a fixed contact person, answers network requests promptly and takes "
        "part in the meetings.",
        "Antwort auf Netzwerkanfragen innerhalb von zehn Arbeitstagen\nTeilnahme an zwei "
        "Netzwerktreffen im Jahr",
        "Answer to network requests within ten working days\nTwo network meetings a year",
    ),
    (
        "R2",
        A.REGIONAL_NETWORK,
        "Kontakte zu Arbeitgebenden der Region",
        "Contacts with the region's employers",
        "Das Mitglied pflegt Kontakte zu Unternehmen, Kammern und Verwaltungen und öffnet Türen "
        "zu deren Personalabteilungen.",
        "The member keeps contacts with companies, chambers and administrations and opens doors "
        "to their human resources departments.",
        "Kooperationsvereinbarung mit der IHK\nGemeinsame Veranstaltungen mit der "
        "Wirtschaftsförderung",
        "Cooperation agreement with the chamber of commerce\nJoint events with the "
        "economic-development agency",
    ),
    (
        "D1",
        A.DATA_PROTECTION,
        "Datenschutzkonforme Verarbeitung",
        "Processing in line with data protection",
        "Personenbezogene Daten werden nur mit Einwilligung und nur so lange wie nötig "
        "verarbeitet; Löschfristen sind festgelegt.",
        "Personal data are processed only with consent and only as long as needed; retention "
        "periods are set.",
        "Einwilligungserklärung in Deutsch und Englisch\nLöschung nach Abschluss des Falls",
        "Consent form in German and English\nDeletion after the case is closed",
    ),
    (
        "D2",
        A.DATA_PROTECTION,
        "Weitergabe von Unterlagen nur mit Zustimmung",
        "Documents passed on only with agreement",
        "Lebensläufe gehen nur an Arbeitgebende, denen die Partnerin oder der Partner "
        "zugestimmt hat.",
        "CVs go only to employers the partner has agreed to.",
        "Freigabe je Arbeitgeber",
        "Release per employer",
    ),
    (
        "E1",
        A.EVALUATION,
        "Jährliche Auswertung",
        "Yearly evaluation",
        "Zahl der Fälle, Ergebnisse und Rückmeldungen werden jährlich ausgewertet und der "
        "Hochschulleitung berichtet.",
        "Numbers of cases, outcomes and feedback are evaluated every year and reported to the "
        "university management.",
        "Jahresbericht\nAnonyme Befragung der beratenen Paare",
        "Annual report\nAnonymous survey of the couples counselled",
    ),
    (
        "E2",
        A.EVALUATION,
        "Jährliche Selbstbewertung im Netzwerk",
        "Yearly self-assessment in the network",
        "Das Mitglied bewertet sich einmal im Jahr nach diesen Standards und plant Verbesserungen.",
        "The member assesses itself once a year against these standards and plans improvements.",
        "Selbstbewertung auf der Plattform",
        "Self-assessment on the platform",
    ),
]

GUIDELINES: list[tuple[str, str, str, str, str, str, str]] = [
    (
        "G1",
        "Bestenauswahl statt Vetternwirtschaft",
        "Selection of the best, not nepotism",
        "Dual Career Services öffnen Türen, entscheiden aber nicht über Stellen. Arbeitgebende "
        "wählen nach ihren eigenen Verfahren; Partnerinnen und Partner bewerben sich regulär.",
        "Dual Career services open doors but do not decide on positions. Employers select by "
        "their own procedures; partners apply through the normal procedure.",
        "Keine Stelle wird ohne Ausschreibung vergeben",
        "No position is given without being advertised",
    ),
    (
        "G2",
        "Gleichbehandlung und Transparenz",
        "Equal treatment and transparency",
        "Alle Paare einer Zielgruppe erhalten dieselben Leistungen; was angeboten wird, ist "
        "öffentlich beschrieben.",
        "Every couple of a target group receives the same services; what is offered is "
        "described publicly.",
        "Veröffentlichte Zielgruppen\nKeine Zusagen außerhalb des Angebots",
        "Published target groups\nNo promises beyond the offer",
    ),
    (
        "G3",
        "Keine Stellengarantie",
        "No job guarantee",
        "Das Paar bleibt für die Stellensuche verantwortlich; der Service berät und vermittelt "
        "Kontakte.",
        "The couple stays responsible for the job search; the service counsels and makes contacts.",
        "Hinweis im Erstgespräch",
        "Note in the first meeting",
    ),
    (
        "G4",
        "Transparenz und Datenschutz im Gleichgewicht",
        "Transparency balanced with data protection",
        "Berichte an Leitung und Netzwerk enthalten nur Anzahlen, nie Angaben zu einzelnen "
        "Personen.",
        "Reports to the management and the network hold counts only, never details of "
        "individual people.",
        "Anonymisierte Jahresstatistik",
        "Anonymised annual statistics",
    ),
]

# key (title), institution slug, author e-mail, language, visibility, topics, summary, body
ARTICLES: list[dict[str, Any]] = [
    {
        "title": "Dual Career im Berufungsverfahren: unser Ablauf",
        "institution": "rub",
        "author": "dcs.bochum@example.org",
        "language": "de",
        "visibility": Visibility.PUBLIC,
        "topics": ["process_integration", "acceptance"],
        "summary": "Wie die Ruhr-Universität das Angebot früh in Berufungsverhandlungen einbindet.",
        "body": "Seit 2019 stellen wir den Dual Career Service bereits im Einladungsschreiben "
        "zur Berufungsvorstellung vor.\n\nWährend des Besuchs bieten wir den Kandidatinnen und "
        "Kandidaten ein vertrauliches Gespräch an. Die Berufungskommissionen erfahren davon "
        "nichts; die Entscheidung bleibt unabhängig.\n\nErgebnis: Mehr Paare melden sich vor "
        "der Rufannahme, und die Verhandlungen werden planbarer.",
    },
    {
        "title": "Cooperation agreements with chambers of commerce",
        "institution": "tu-dortmund",
        "author": "dcs.dortmund@example.org",
        "language": "en",
        "visibility": Visibility.MEMBERS,
        "topics": ["regional_network", "employers"],
        "summary": "What we agreed with the chamber of commerce and what it brought.",
        "body": "Our agreement with the chamber names one contact person on each side and a "
        "yearly meeting.\n\nThe chamber forwards partners' profiles, with their consent, to "
        "member companies that ask for them. Companies still select by their own procedures.",
    },
    {
        "title": "Vorbehalte abbauen: Argumente für die Hochschulleitung",
        "institution": "ude",
        "author": "",
        "language": "both",
        "visibility": Visibility.MEMBERS,
        "topics": ["reservations", "acceptance", "ethics"],
        "summary": "Antworten auf den Einwand der Sonderbehandlung.",
        "body": "Dual Career bedeutet Beratung und Kontakte, keine Stellen. Alle Paare der "
        "Zielgruppe erhalten dieselben Leistungen.\n\nDual career means counselling and "
        "contacts, not positions. Every couple of the target group receives the same services.",
    },
    {
        "title": "Evaluation mit einer anonymen Befragung",
        "institution": "rub",
        "author": "dcs2.bochum@example.org",
        "language": "de",
        "visibility": Visibility.MEMBERS,
        "topics": ["evaluation"],
        "summary": "Fragebogen und Erfahrungen aus drei Jahren.",
        "body": "Wir befragen die beratenen Paare sechs Monate nach dem Abschluss anonym. "
        "Die Rücklaufquote liegt bei etwa 40 Prozent.",
    },
]

# institution slug, years back (0: this year), ratings (default met), shared
ASSESSMENTS: list[tuple[str, int, dict[str, str], bool]] = [
    ("rub", 1, {"P2": "partly", "E1": "partly", "R2": "not_yet"}, False),
    ("tu-dortmund", 0, {"B2": "partly", "D2": "partly"}, True),
    ("ude", 0, {"P1": "not_yet", "R1": "partly", "E2": "n_a"}, False),
]


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first() if email else None


def _load_standards(network: Network, coordinator: User | None) -> StandardsCatalogue:
    catalogue, _created = StandardsCatalogue.objects.update_or_create(
        network=network,
        number=1,
        defaults={
            "published_on": dt.date(2025, 1, 15),
            "is_public": True,
            "created_by": coordinator,
        },
    )
    for order, (code, area, t_de, t_en, x_de, x_en, e_de, e_en) in enumerate(CRITERIA):
        Criterion.objects.update_or_create(
            catalogue=catalogue,
            code=code,
            defaults={
                "area": area,
                "order": order,
                "title_de": t_de,
                "title_en": t_en,
                "explanation_de": x_de,
                "explanation_en": x_en,
                "examples_de": e_de,
                "examples_en": e_en,
            },
        )
    for order, (code, t_de, t_en, x_de, x_en, e_de, e_en) in enumerate(GUIDELINES):
        Guideline.objects.update_or_create(
            catalogue=catalogue,
            code=code,
            defaults={
                "order": order,
                "title_de": t_de,
                "title_en": t_en,
                "explanation_de": x_de,
                "explanation_en": x_en,
                "examples_de": e_de,
                "examples_en": e_en,
            },
        )
    return catalogue


def _load_articles() -> int:
    for number, data in enumerate(ARTICLES):
        author = _user(data["author"])
        values = {key: data[key] for key in ("language", "visibility", "topics", "summary", "body")}
        article, _created = Article.objects.update_or_create(
            title=data["title"],
            defaults={
                **values,
                "institution": Institution.objects.get(slug=data["institution"]),
                "published_on": dt.date(2025, 3, 1) + dt.timedelta(days=40 * number),
                "created_by": author,
                "updated_by": author,
                "search_stems": search.stem_text([data["title"], data["summary"], data["body"]]),
            },
        )
        ArticleVersion.objects.update_or_create(
            article=article,
            number=1,
            defaults={
                "title": article.title,
                "summary": article.summary,
                "body": article.body,
                "language": article.language,
                "topics": article.topics,
                "sector": article.sector,
                "visibility": article.visibility,
                "changed_fields": ["title", "body"],
                "changed_by": author,
            },
        )
    return len(ARTICLES)


def _load_assessments(network: Network, catalogue: StandardsCatalogue) -> int:
    this_year = timezone.localdate().year
    criteria = list(catalogue.criteria.all())
    for slug, back, ratings, shared in ASSESSMENTS:
        institution = Institution.objects.get(slug=slug)
        assessment, _created = SelfAssessment.objects.update_or_create(
            institution=institution,
            network=network,
            year=this_year - back,
            defaults={
                "catalogue": catalogue,
                "status": SelfAssessment.Status.SUBMITTED,
                "submitted_at": timezone.now() - dt.timedelta(days=365 * back + 30),
                "shared": shared,
            },
        )
        for criterion in criteria:
            rating = ratings.get(criterion.code, "met")
            AssessmentAnswer.objects.update_or_create(
                assessment=assessment,
                criterion=criterion,
                defaults={
                    "rating": rating,
                    "evidence": "Siehe Jahresbericht." if rating == "met" else "",
                    "plan": "" if rating == "met" else "Gespräch mit der Hochschulleitung.",
                },
            )
    return len(ASSESSMENTS)


def _load_thread(network: Network) -> None:
    author = _user("dcs.dortmund@example.org")
    institution = Institution.objects.get(slug="tu-dortmund")
    thread, created = Thread.objects.get_or_create(
        network=network,
        title="Sonderbehandlung oder Gleichbehandlung?",
        defaults={"author": author, "institution": institution, "last_post_at": timezone.now()},
    )
    if created:
        Post.objects.create(
            thread=thread,
            author=author,
            institution=institution,
            body="Wie erklären Sie Kolleginnen und Kollegen, dass Dual Career keine "
            "Sonderbehandlung ist? Wir sammeln Argumente für ein Faltblatt.",
        )


def load(out: TextIO) -> None:
    network = Network.objects.filter(slug="dcn-ruhr").first()
    if network is None:
        out.write("knowledge: skipped (no demo network)\n")
        return
    with transaction.atomic():
        catalogue = _load_standards(network, _user("koordination@example.org"))
        articles = _load_articles()
        assessments = _load_assessments(network, catalogue)
        _load_thread(network)
    out.write(
        f"knowledge: standards with {len(CRITERIA)} criteria and {len(GUIDELINES)} guidelines, "
        f"{articles} articles, {assessments} submitted self-assessments, 1 discussion\n"
    )
