"""Cases record why they were closed (a reason code, an encrypted note) and who closed them."""

import django.db.models.deletion
import intake.encryption
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0015_referral_notifications'),
        ('intake', '0013_exploitation_episodes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='closed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='closed by'),
        ),
        migrations.AddField(
            model_name='case',
            name='closure_note',
            field=intake.encryption.EncryptedTextField(blank=True, max_length=500, verbose_name='note on closing'),
        ),
        migrations.AddField(
            model_name='case',
            name='closure_reason',
            field=models.CharField(blank=True, choices=[('ReturnedHomeReferredForReintegration', 'Returned home and handed to a reintegration partner'), ('ReturnedHome', 'Returned home, no further support needed'), ('ReferredToAnotherOrganisation', 'Referred to another organisation for the support needed'), ('TransferredToAnotherOrganisation', 'Case transferred to another organisation'), ('NoLongerWantsServices', 'No longer wants services'), ('LostContact', 'Lost contact'), ('Deceased', 'Deceased'), ('DuplicateRecord', 'Duplicate record'), ('Other', 'Other (say why in the note)')], max_length=40, verbose_name='reason for closing'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='closed_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='closed by'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='closure_note',
            field=intake.encryption.EncryptedTextField(blank=True, max_length=500, verbose_name='note on closing'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='closure_reason',
            field=models.CharField(blank=True, choices=[('ReturnedHomeReferredForReintegration', 'Returned home and handed to a reintegration partner'), ('ReturnedHome', 'Returned home, no further support needed'), ('ReferredToAnotherOrganisation', 'Referred to another organisation for the support needed'), ('TransferredToAnotherOrganisation', 'Case transferred to another organisation'), ('NoLongerWantsServices', 'No longer wants services'), ('LostContact', 'Lost contact'), ('Deceased', 'Deceased'), ('DuplicateRecord', 'Duplicate record'), ('Other', 'Other (say why in the note)')], max_length=40, verbose_name='reason for closing'),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ('Closed', 'ClosedReferred')), models.Q(('closed_by__isnull', True), ('closure_note', ''), ('closure_reason', '')), _connector='OR'), name='case_closure_only_when_closed', violation_error_message='Only a closed case has a reason for closing.'),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.CheckConstraint(condition=models.Q(('closure_reason', ''), models.Q(('closure_reason__in', ['ReturnedHomeReferredForReintegration', 'ReferredToAnotherOrganisation', 'TransferredToAnotherOrganisation']), ('status', 'ClosedReferred')), models.Q(('closure_reason__in', ['ReturnedHome', 'NoLongerWantsServices', 'LostContact', 'Deceased', 'DuplicateRecord', 'Other']), ('status', 'Closed')), _connector='OR'), name='case_closure_reason_fits_status', violation_error_message="The reason for closing does not fit the case's status."),
        ),
    ]
