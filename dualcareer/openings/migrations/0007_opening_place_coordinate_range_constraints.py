# The range constraints in a migration of their own: PostgreSQL refuses to alter a
# table in the transaction that has just updated its rows (0006 clears bad values).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("openings", "0006_opening_place_country_coordinate_ranges_and_job_feeds"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='openingplace',
            constraint=models.CheckConstraint(condition=models.Q(('latitude__isnull', True), models.Q(('latitude__gte', -90.0), ('latitude__lte', 90.0)), _connector='OR'), name='opening_place_latitude_range'),
        ),
        migrations.AddConstraint(
            model_name='openingplace',
            constraint=models.CheckConstraint(condition=models.Q(('longitude__isnull', True), models.Q(('longitude__gte', -180.0), ('longitude__lte', 180.0)), _connector='OR'), name='opening_place_longitude_range'),
        ),
    ]
