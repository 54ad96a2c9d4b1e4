"""The exchange's models, moved from the openings app without touching the data.

The tables keep their names (`openings_introduction` ...): the models are
created in the migration state only, and openings 0005 deletes them from its
state only (Django's recipe for moving models between apps). The content
types move with them, so that audit entries and permissions keep pointing at
the same rows.
"""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


MOVED_MODELS = ("introduction", "networkrequest", "networkrequestrecipient", "employerinterest")


def _move_content_types(apps, from_label, to_label):
    """Relabel the content types of the moved models; merge with any already created."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry = apps.get_model("core", "AuditEntry")
    Permission = apps.get_model("auth", "Permission")
    for model in MOVED_MODELS:
        old = ContentType.objects.filter(app_label=from_label, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=to_label, model=model).first()
        if new is None:
            old.app_label = to_label
            old.save(update_fields=["app_label"])
            continue
        AuditEntry.objects.filter(target_type=old).update(target_type=new)
        Permission.objects.filter(content_type=old).delete()
        old.delete()


def content_types_to_exchange(apps, schema_editor):
    _move_content_types(apps, "openings", "exchange")


def content_types_to_openings(apps, schema_editor):
    _move_content_types(apps, "exchange", "openings")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0002_standard_process_steps'),
        ('network', '0003_application_reply_token_expiry'),
        ('openings', '0004_openingembedding'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0001_initial'),
        ('auth', '0012_alter_user_first_name_max_length'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist (created by openings 0002 and 0003): state only.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='NetworkRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('message', models.TextField(help_text='What the partner is looking for. No name or other identifying details.', verbose_name='message to the contacts')),
                        ('expires_on', models.DateField(verbose_name='answers until')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='network_requests', to='cases.case')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('network', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='network.network', verbose_name='whole network')),
                    ],
                    options={
                        'verbose_name': 'network request',
                        'verbose_name_plural': 'network requests',
                        'db_table': 'openings_networkrequest',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='EmployerInterest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='employer_interests', to='cases.case')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('opening', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='interests', to='openings.opening')),
                    ],
                    options={
                        'verbose_name': "employer's interest",
                        'verbose_name_plural': "employers' interests",
                        'db_table': 'openings_employerinterest',
                        'ordering': ['-created_at'],
                        'constraints': [models.UniqueConstraint(fields=('opening', 'case'), name='one_interest_per_opening_and_case')],
                    },
                ),
                migrations.CreateModel(
                    name='Introduction',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('consent_scope', models.CharField(max_length=16)),
                        ('message', models.TextField(blank=True, help_text='Why this partner fits. No name or other identifying details.', verbose_name='message to the employer')),
                        ('selection_notice', models.TextField(default="The employer's own selection procedure decides. The Dual Career Service introduces the partner; it does not place them, and the employer is free in its decision (selection of the best, equal treatment). / Es entscheidet das eigene Auswahlverfahren des Arbeitgebers. Der Dual Career Service stellt die Partnerin oder den Partner vor, vermittelt aber nicht; der Arbeitgeber entscheidet frei (Bestenauslese, Gleichbehandlung).", editable=False)),
                        ('answer', models.CharField(blank=True, choices=[('interested', 'Interested'), ('interview', 'Invited to an interview'), ('forwarded_hr', 'Forwarded to HR'), ('no_fit', 'No fit')], max_length=16, verbose_name='answer')),
                        ('answer_reason', models.TextField(blank=True, verbose_name='reason or note')),
                        ('answered_at', models.DateTimeField(blank=True, null=True)),
                        ('reveal_requested_at', models.DateTimeField(blank=True, null=True)),
                        ('revealed_at', models.DateTimeField(blank=True, null=True)),
                        ('reveal_declined_at', models.DateTimeField(blank=True, null=True)),
                        ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                        ('reminded_at', models.DateTimeField(blank=True, null=True)),
                        ('reminder_count', models.PositiveSmallIntegerField(default=0)),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='introductions', to='cases.case')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('employer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='introductions_received', to='network.institution', verbose_name='employer')),
                        ('opening', models.ForeignKey(blank=True, help_text='Empty for a speculative introduction.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='introductions', to='openings.opening', verbose_name='opening')),
                        ('recipient', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='introductions_received', to=settings.AUTH_USER_MODEL, verbose_name='employer contact')),
                    ],
                    options={
                        'verbose_name': 'introduction',
                        'verbose_name_plural': 'introductions',
                        'db_table': 'openings_introduction',
                        'ordering': ['-created_at', '-id'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('opening__isnull', False), ('withdrawn_at__isnull', True)), fields=('case', 'opening'), name='one_open_introduction_per_case_and_opening'), models.CheckConstraint(condition=models.Q(('answer', ''), ('answered_at__isnull', False), _connector='OR'), name='introduction_answer_has_time')],
                    },
                ),
                migrations.CreateModel(
                    name='NetworkRequestRecipient',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('answer', models.CharField(blank=True, choices=[('opening_found', 'Opening found'), ('forwarded', 'Forwarded to a department'), ('nothing', 'Nothing at the moment')], max_length=16, verbose_name='answer')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('answered_at', models.DateTimeField(blank=True, null=True)),
                        ('reminded_at', models.DateTimeField(blank=True, null=True)),
                        ('expired_at', models.DateTimeField(blank=True, null=True)),
                        ('contact', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='network.contact')),
                        ('institution', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='network.institution')),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recipients', to='exchange.networkrequest')),
                    ],
                    options={
                        'verbose_name': 'recipient of a network request',
                        'verbose_name_plural': 'recipients of network requests',
                        'db_table': 'openings_networkrequestrecipient',
                        'ordering': ['institution__name'],
                        'constraints': [models.UniqueConstraint(fields=('request', 'institution'), name='one_recipient_per_request_and_member')],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_to_exchange, content_types_to_openings),
    ]
