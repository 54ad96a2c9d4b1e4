"""The standard process every network starts with (institutions may add steps)."""

from django.db import migrations

# code, order, due days after opening, title de, title en, checklist de, checklist en
STEPS = [
    ("first_contact", 10, 5, "Erstkontakt", "First contact",
     "Partnerin oder Partner kontaktieren; Termin für das Erstgespräch vereinbaren.",
     "Contact the partner; arrange the intake talk."),
    ("intake_talk", 20, 21, "Erstgespräch", "Intake talk",
     "Erwartungen klären; Hinweis: Der Service unterstützt, garantiert aber keine Stelle.",
     "Clarify expectations; note: the service supports but guarantees no job."),
    ("consent", 30, 28, "Einwilligung dokumentiert", "Consent recorded",
     "Einwilligungen zur Weitergabe des Profils je Bereich einholen.",
     "Obtain the consents to share the profile, per scope."),
    ("profile_complete", 40, 42, "Profil vollständig", "Profile complete",
     "Profil, Sprachen und Lebenslauf liegen vor.",
     "Profile, languages and CV are available."),
    ("introductions", 50, 90, "Vorstellungen bei Arbeitgebern", "Introductions to employers",
     "Passende Stellen prüfen; mit Einwilligung bei Arbeitgebern vorstellen.",
     "Check matching openings; introduce to employers with consent."),
    ("follow_up", 60, 150, "Nachfassen", "Follow-up",
     "Stand der Bewerbungen und Rückmeldungen der Arbeitgeber erfragen.",
     "Ask about applications and employers' answers."),
    ("closing_talk", 70, 270, "Abschlussgespräch", "Closing talk",
     "Ergebnis festhalten; Feedback zum Service einholen.",
     "Record the outcome; ask for feedback on the service."),
]


def create_steps(apps, schema_editor):
    ProcessStep = apps.get_model("cases", "ProcessStep")
    for code, order, due_days, title_de, title_en, check_de, check_en in STEPS:
        ProcessStep.objects.update_or_create(
            code=code,
            network=None,
            institution=None,
            defaults={
                "order": order,
                "due_days": due_days,
                "title_de": title_de,
                "title_en": title_en,
                "checklist_de": check_de,
                "checklist_en": check_en,
            },
        )


def remove_steps(apps, schema_editor):
    ProcessStep = apps.get_model("cases", "ProcessStep")
    ProcessStep.objects.filter(
        network=None, institution=None, code__in=[step[0] for step in STEPS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(create_steps, remove_steps)]
