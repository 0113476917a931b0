# Mobility: talent reviews, the 9-box and succession plans (helper E). Filled by hand from `makemigrations mobility --dry-run -v 3` (only this sub-domain's models).

import django.db.models.deletion
import django.utils.timezone
import pamong.mobility.talent
import uuid
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('development', '0003_enrolment_by_system'),
        ('mobility', '0002_mutation'),
        ('people', '0011_rank_basis_discipline'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SuccessionPlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('note', models.TextField(blank=True, max_length=2000, verbose_name='note')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('pemda', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.pemda')),
                ('position', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='succession_plan', to='people.position')),
            ],
        ),
        migrations.CreateModel(
            name='SuccessionCandidate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('readiness', models.CharField(choices=[('ready_now', 'Ready now'), ('one_two_years', 'Ready in 1–2 years'), ('later', 'Ready later')], max_length=16, verbose_name='readiness')),
                ('score', models.FloatField(blank=True, null=True)),
                ('components', models.JSONField(default=dict)),
                ('box', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('added_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('development_item', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='development.developmentplanitem')),
                ('employee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.employee')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='candidates', to='mobility.successionplan')),
            ],
            options={
                'ordering': ['-score', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='TalentReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('year', models.PositiveSmallIntegerField()),
                ('parameters', models.JSONField(default=dict)),
                ('computed_at', models.DateTimeField()),
                ('computed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('pemda', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.pemda')),
            ],
        ),
        migrations.CreateModel(
            name='TalentReviewEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('unit_path', models.CharField(blank=True, max_length=255)),
                ('performance_score', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True)),
                ('performance', models.CharField(blank=True, choices=[('low', 'Low'), ('medium', 'Medium'), ('high', 'High')], max_length=8)),
                ('predikats', models.JSONField(default=list)),
                ('potential_score', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True)),
                ('potential', models.CharField(blank=True, choices=[('low', 'Low'), ('medium', 'Medium'), ('high', 'High')], max_length=8)),
                ('box', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('reason', models.CharField(blank=True, max_length=16)),
                ('employee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.employee')),
                ('org_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.orgunit')),
                ('position', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.position')),
                ('review', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='mobility.talentreview')),
            ],
        ),
        migrations.CreateModel(
            name='TalentSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('performance_years', models.PositiveSmallIntegerField(default=2, verbose_name='years of predikat considered')),
                ('predikat_scores', models.JSONField(default=pamong.mobility.talent.default_predikat_scores, verbose_name='score of each predikat')),
                ('performance_high', models.DecimalField(decimal_places=2, default=Decimal('85'), max_digits=5, verbose_name='performance: above expectation from')),
                ('performance_medium', models.DecimalField(decimal_places=2, default=Decimal('70'), max_digits=5, verbose_name='performance: as expected from')),
                ('potential_method', models.CharField(choices=[('job_fit', 'Job-fit percentage (levels against the standard)'), ('standard_met', "Share of the standard's competencies met")], default='job_fit', max_length=16, verbose_name='potential from')),
                ('potential_high', models.DecimalField(decimal_places=2, default=Decimal('77'), max_digits=5, verbose_name='potential: high from')),
                ('potential_medium', models.DecimalField(decimal_places=2, default=Decimal('68'), max_digits=5, verbose_name='potential: medium from')),
                ('retirement_margin_months', models.PositiveSmallIntegerField(default=24, verbose_name='leave out of succession those retiring within (months)')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('pemda', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.pemda')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.AddIndex(
            model_name='successionplan',
            index=models.Index(fields=['pemda', '-created_at'], name='mobility_succession_pemda'),
        ),
        migrations.AddConstraint(
            model_name='successioncandidate',
            constraint=models.UniqueConstraint(fields=('plan', 'employee'), name='mobility_succession_once'),
        ),
        migrations.AddConstraint(
            model_name='talentreview',
            constraint=models.UniqueConstraint(fields=('pemda', 'year'), name='mobility_talent_review_once'),
        ),
        migrations.AddIndex(
            model_name='talentreviewentry',
            index=models.Index(fields=['review', 'box'], name='mobility_talent_entry_box'),
        ),
        migrations.AddIndex(
            model_name='talentreviewentry',
            index=models.Index(fields=['review', 'unit_path'], name='mobility_talent_entry_unit'),
        ),
        migrations.AddConstraint(
            model_name='talentreviewentry',
            constraint=models.UniqueConstraint(fields=('review', 'employee'), name='mobility_talent_entry_once'),
        ),
        migrations.AddConstraint(
            model_name='talentreviewentry',
            constraint=models.CheckConstraint(condition=models.Q(('box__isnull', True), models.Q(('box__gte', 1), ('box__lte', 9)), _connector='OR'), name='mobility_talent_box_range'),
        ),
    ]
