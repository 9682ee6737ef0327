"""Administrators see, add and replace survivor-facing texts and mark them reviewed (never delete:
a consent points to the version read)."""

from django.db import migrations

CODENAMES = ["view_textversion", "add_textversion", "change_textversion"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    db = schema_editor.connection.alias
    app_config = apps.get_app_config("survivor_texts")
    app_config.models_module = True  # as cases 0010: create_permissions skips apps without
    create_permissions(app_config, apps=apps, verbosity=0, using=db)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(db).get_or_create(name="Administrators")
    group.permissions.add(
        *Permission.objects.using(db).filter(content_type__app_label="survivor_texts", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("survivor_texts", "0001_initial"),
        ("cases", "0010_administrators_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
