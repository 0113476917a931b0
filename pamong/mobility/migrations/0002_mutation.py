# Mobility: mutation proposals and their decisions (helper D). Filled by hand from `makemigrations mobility --dry-run -v 3` (only this sub-domain's models).

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("mobility", "0001_initial"),
        ("people", "0011_rank_basis_discipline"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MutationProposal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('kind', models.CharField(choices=[('intra', 'Within the agency'), ('inter_regional', 'Between agencies in one province'), ('inter_province', 'Across provinces'), ('central', 'To or from a central agency')], max_length=16, verbose_name='kind of mutation')),
                ('proposer_role', models.CharField(choices=[('hr', 'HR of the agency'), ('unit_head', 'Head of the unit'), ('own_request', "The employee's own request")], max_length=16, verbose_name='proposed by')),
                ('destination_agency', models.CharField(blank=True, max_length=200, verbose_name='destination agency')),
                ('destination_position', models.CharField(blank=True, max_length=200, verbose_name='destination position')),
                ('effective_date', models.DateField(verbose_name='effective date (TMT)')),
                ('reason', models.TextField(blank=True, verbose_name='reason for the mutation')),
                ('override_reason', models.CharField(blank=True, max_length=500, verbose_name='reason for overriding a check')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('pending', 'Awaiting approval'), ('approved', 'Approved'), ('rejected', 'Not approved'), ('cancelled', 'Cancelled')], default='draft', max_length=16)),
                ('checks', models.JSONField(default=list)),
                ('submitted_at', models.DateTimeField(blank=True, null=True)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('decision_reason', models.TextField(blank=True)),
                ('decree_number', models.CharField(blank=True, max_length=100, verbose_name='decree number')),
                ('decree_date', models.DateField(blank=True, null=True, verbose_name='decree date')),
                ('onboarding', models.JSONField(blank=True, default=dict)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('employee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='mutation_proposals', to='people.employee')),
                ('origin_position', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.position')),
                ('origin_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.orgunit')),
                ('pemda', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.pemda')),
                ('placement_run', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='mobility.placementrun')),
                ('position_record', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.positionhistory')),
                ('proposed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('target_position', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='mutation_proposals', to='people.position')),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['pemda', 'status', '-created_at'], name='mobility_mutation_list')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('status__in', ['draft', 'pending'])), fields=('employee',), name='mobility_one_open_mutation'), models.CheckConstraint(condition=models.Q(models.Q(('kind', 'intra'), ('target_position__isnull', False)), models.Q(('kind', 'intra'), _negated=True), _connector='OR'), name='mobility_intra_mutation_has_target')],
            },
        ),
    ]
