"""The services vocabulary, seeded with the services a border network refers for, each mapped to
its HTCDS referral reason (cas_ReasonFor...Referral: AdditionalServicesRequired,
MigrationOrChangeOfLocation, Other); and the Administrators group's rights to edit it.

Idempotent: existing entries keep what administrators changed; permissions are only added.
"""

from django.db import migrations

SERVICES = [
    # (code, label, HTCDS value, position)
    ("shelter", "Shelter", "AdditionalServicesRequired", 10),
    ("medical", "Medical care", "AdditionalServicesRequired", 20),
    ("psychosocial", "Psychosocial support", "AdditionalServicesRequired", 30),
    ("legal_aid", "Legal aid", "AdditionalServicesRequired", 40),
    ("return_assistance", "Return assistance", "MigrationOrChangeOfLocation", 50),
    ("family_tracing", "Family tracing", "AdditionalServicesRequired", 60),
    ("livelihood", "Livelihood and reintegration", "AdditionalServicesRequired", 70),
    ("other", "Other service", "Other", 90),
]
ADMINISTERED_MODELS = ["service", "organisationservice"]


def seed(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    db = schema_editor.connection.alias
    Service = apps.get_model("referrals", "Service")
    for code, label, htcds_value, position in SERVICES:
        Service.objects.using(db).get_or_create(
            code=code, defaults={"label": label, "htcds_value": htcds_value, "position": position}
        )
    app_config = apps.get_app_config("referrals")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=db)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.using(db).filter(name="Administrators").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.using(db).filter(
                content_type__app_label="referrals", content_type__model__in=ADMINISTERED_MODELS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_initial"),
        ("cases", "0010_administrators_group"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
