"""The Administrators group's rights over desk devices: see them and revoke a lost one.

Only the devices: administrators read no survivor record, and synced arrivals hold some.
Idempotent: permissions are only added.
"""

from django.db import migrations


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    db = schema_editor.connection.alias
    app_config = apps.get_app_config("offline_desk")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=db)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.using(db).filter(name="Administrators").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.using(db).filter(
                content_type__app_label="offline_desk",
                codename__in=["view_deskdevice", "change_deskdevice"],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("offline_desk", "0001_initial"),
        ("cases", "0010_administrators_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
