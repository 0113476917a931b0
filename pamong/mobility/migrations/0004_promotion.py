# Mobility: kenaikan pangkat and KGB proposals (helper F). Filled by hand from `makemigrations mobility --dry-run -v 3` (only this sub-domain's models).

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("mobility", "0003_talent"),
        ("people", "0011_rank_basis_discipline"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PromotionProposal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('kind', models.CharField(choices=[('kp_regular', 'KP reguler'), ('kp_choice', 'KP pilihan (JF)'), ('kgb', 'KGB (periodic raise)')], max_length=12)),
                ('status', models.CharField(choices=[('pending', 'Awaiting decision'), ('approved', 'Approved'), ('rejected', 'Not approved')], default='pending', max_length=10)),
                ('tmt', models.DateField(verbose_name='TMT')),
                ('masa_kerja_years', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('verdict', models.CharField(blank=True, max_length=10)),
                ('checks', models.JSONField(blank=True, default=list)),
                ('note', models.CharField(blank=True, max_length=500)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('decision_reason', models.CharField(blank=True, max_length=500)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('employee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='promotion_proposals', to='people.employee')),
                ('from_golongan', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.golongan')),
                ('pemda', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.pemda')),
                ('proposed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('rank_record', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.rankhistory')),
                ('to_golongan', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.golongan')),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='PeriodicRaise',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('tmt', models.DateField(verbose_name='TMT')),
                ('masa_kerja_years', models.PositiveSmallIntegerField()),
                ('employee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='periodic_raises', to='people.employee')),
                ('pemda', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.pemda')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('proposal', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='mobility.promotionproposal')),
            ],
            options={
                'ordering': ['-tmt', '-pk'],
            },
        ),
        migrations.AddIndex(
            model_name='promotionproposal',
            index=models.Index(fields=['pemda', 'status', 'tmt'], name='mobility_promo_pemda_status'),
        ),
        migrations.AddConstraint(
            model_name='promotionproposal',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('employee', 'kind'), name='mobility_promotion_one_pending'),
        ),
        migrations.AddConstraint(
            model_name='promotionproposal',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'kgb'), ('to_golongan__isnull', False), _connector='OR'), name='mobility_promotion_kp_has_target'),
        ),
        migrations.AddConstraint(
            model_name='periodicraise',
            constraint=models.UniqueConstraint(fields=('employee', 'tmt'), name='mobility_kgb_once_per_tmt'),
        ),
    ]
