import django.db.models.deletion
from django.db import migrations, models


def organisation_from_case_or_requester(apps, schema_editor):
    """Requests made before erasure was scoped belong to their case's organisation, else the requester's."""
    ErasureRequest = apps.get_model("cases", "ErasureRequest")
    StaffProfile = apps.get_model("cases", "StaffProfile")
    for erasure in ErasureRequest.objects.filter(organisation__isnull=True).select_related("case"):
        if erasure.case_id is not None:
            erasure.organisation_id = erasure.case.organisation_id
        else:
            profile = StaffProfile.objects.filter(user_id=erasure.requested_by_id).first()
            erasure.organisation_id = profile.organisation_id if profile else None
        erasure.save(update_fields=["organisation"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_anonymised_releases"),
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
