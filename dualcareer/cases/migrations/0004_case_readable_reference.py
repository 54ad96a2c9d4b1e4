"""Readable case references ("DC-2026-0042"): the field, and one for every existing case.

Existing cases are numbered per opening year in the order they were opened.
"""

from django.db import migrations, models


def backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    numbers: dict[int, int] = {}
    for case in (
        Case.objects.filter(ref__isnull=True).order_by("opened_on", "id").only("pk", "opened_on")
    ):
        year = case.opened_on.year
        numbers[year] = numbers.get(year, 0) + 1
        reference = f"DC-{year}-{numbers[year]:04d}"
        while Case.objects.filter(ref=reference).exists():
            numbers[year] += 1
            reference = f"DC-{year}-{numbers[year]:04d}"
        Case.objects.filter(pk=case.pk).update(ref=reference)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_case_task_reminders"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="ref",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=20,
                null=True,
                unique=True,
                verbose_name="reference",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
