"""Version 1 of every built-in page: the default texts in German and English."""

from django.db import migrations
from django.utils import timezone


def create_pages(apps, schema_editor):
    from dualcareer.public import defaults

    Page = apps.get_model("public", "Page")
    PageVersion = apps.get_model("public", "PageVersion")
    now = timezone.now()
    for slug in defaults.SLUGS:
        if Page.objects.filter(slug=slug).exists():
            continue
        values = defaults.page_values(slug)
        page = Page.objects.create(
            slug=slug,
            kind="page",
            system=True,
            is_published=True,
            published_at=now,
            version=1,
            **values,
        )
        PageVersion.objects.create(page=page, number=1, **values)


class Migration(migrations.Migration):
    dependencies = [("public", "0001_public_pages_stories_contact")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
