"""Reply links expire and serve once (issue 9, item 4).

Open questions keep a working link for 30 days from when they were last
changed; every other application gets a new, unknown token, so that links
already sent (and perhaps written to a log) stop working.
"""

import datetime as dt
import secrets

from django.db import migrations, models

REPLY_LINK_DAYS = 30


def expire_old_links(apps, schema_editor):
    Application = apps.get_model("network", "Application")
    for application in Application.objects.only("pk", "status", "updated_at"):
        if application.status == "info_requested":
            application.reply_token_expires_at = application.updated_at + dt.timedelta(
                days=REPLY_LINK_DAYS
            )
            application.save(update_fields=["reply_token_expires_at"])
        else:
            application.reply_token = secrets.token_urlsafe(32)
            application.save(update_fields=["reply_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0002_institution_counselling_languages_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="reply_token_expires_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(expire_old_links, migrations.RunPython.noop),
    ]
