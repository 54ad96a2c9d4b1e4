"""Store the ESCO links of opening titles and desired positions with their embeddings (issue 13).

Rows start without links (null) and are linked on the fly until the next
embedding sync (``manage.py matching_index --sync``) fills them in.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("openings", "0010_opening_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="openingembedding",
            name="links",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="openingembedding",
            name="links_key",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="profileembedding",
            name="links",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="profileembedding",
            name="links_key",
            field=models.CharField(blank=True, max_length=200),
        ),
    ]
