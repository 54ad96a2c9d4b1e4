"""Introductions, network requests and employers' interest moved to the exchange app.

State only: the tables stay (the exchange's models keep their names).
"""


from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('openings', '0004_openingembedding'),
        ('exchange', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='introduction',
                    name='answered_by',
                ),
                migrations.RemoveField(
                    model_name='introduction',
                    name='case',
                ),
                migrations.RemoveField(
                    model_name='introduction',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='introduction',
                    name='employer',
                ),
                migrations.RemoveField(
                    model_name='introduction',
                    name='opening',
                ),
                migrations.RemoveField(
                    model_name='introduction',
                    name='recipient',
                ),
                migrations.RemoveField(
                    model_name='networkrequest',
                    name='case',
                ),
                migrations.RemoveField(
                    model_name='networkrequest',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='networkrequest',
                    name='network',
                ),
                migrations.RemoveField(
                    model_name='networkrequestrecipient',
                    name='request',
                ),
                migrations.RemoveField(
                    model_name='networkrequestrecipient',
                    name='contact',
                ),
                migrations.RemoveField(
                    model_name='networkrequestrecipient',
                    name='institution',
                ),
                migrations.DeleteModel(
                    name='EmployerInterest',
                ),
                migrations.DeleteModel(
                    name='Introduction',
                ),
                migrations.DeleteModel(
                    name='NetworkRequest',
                ),
                migrations.DeleteModel(
                    name='NetworkRequestRecipient',
                ),
            ],
        ),
    ]
