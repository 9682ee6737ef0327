import django.db.models.deletion
from django.db import migrations, models


def organisation_from_case_or_requester(apps, schema_editor):
    """Requests made before erasure was scoped belong to their case's organisation, else the requester's."""
    ErasureRequest = apps.get_model("cases", "ErasureRequest")
    StaffProfile = apps.get_model("cases", "StaffProfile")
    db = schema_editor.connection.alias  # the owner's connection, when migrations run as the owner
    for erasure in ErasureRequest.objects.using(db).filter(organisation__isnull=True).select_related("case"):
        if erasure.case_id is not None:
            erasure.organisation_id = erasure.case.organisation_id
        else:
            profile = StaffProfile.objects.using(db).filter(user_id=erasure.requested_by_id).first()
            erasure.organisation_id = profile.organisation_id if profile else None
        erasure.save(using=db, update_fields=["organisation"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_access_log_maintenance_owner_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="erasurerequest",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="erasure_requests",
                to="cases.organisation",
            ),
        ),
        migrations.RunPython(organisation_from_case_or_requester, migrations.RunPython.noop),
    ]
