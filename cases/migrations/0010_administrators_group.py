"""The Administrators group and its model permissions; the user proxy the access policy loads.

The group is what `create_administrator` (and the demo) give an administrator: what they manage
in the admin site, none of it a survivor record. It comes from this migration so that every
deployment has it, with the same permissions, whether or not a demo was ever loaded.
Idempotent: the group is created if missing and given the permissions it lacks; permissions a
deployer added to it are kept.

Django creates permissions after all migrations have run (post_migrate); this one creates those
it needs first, as `migrate` would, so that it works on an empty database too.
"""

import django.contrib.auth.models
from django.db import migrations

ADMINISTRATORS_GROUP = "Administrators"
# What administrators manage in the admin site: accounts, organisations and reference data.
ADMINISTERED_MODELS = {
    "auth": ["user", "group"],
    "cases": ["organisation", "site", "staffprofile", "exchangerate"],
    "intake": ["language", "recruitmentchannel", "exploitationtype", "controlmethod", "compound"],
}
# What administrators may only see and remove: an outstanding enrolment code (to void it) and a
# sign-in lockout (to lift it early). Never change: an administrator must not be able to hold
# someone else's second factor; they reset a lost phone by issuing an enrolment code (below).
ADMINISTERED_RESETS = {"accounts": ["enrolmentcode"], "axes": ["accessattempt"]}
# What administrators may do besides: issue an enrolment code for another person's account
# (accounts.admin), which removes that account's authenticator and recovery codes.
ADMINISTERED_ACTIONS = {"accounts": ["add_enrolmentcode"]}


def administrators_group_create(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True  # as Django's own recipe: create_permissions skips apps without
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    group, _ = Group.objects.using(db).get_or_create(name=ADMINISTRATORS_GROUP)
    wanted = Permission.objects.using(db).none()
    for app_label, models in ADMINISTERED_MODELS.items():
        wanted |= Permission.objects.using(db).filter(
            content_type__app_label=app_label, content_type__model__in=models
        )
    for app_label, models in ADMINISTERED_RESETS.items():
        wanted |= Permission.objects.using(db).filter(
            content_type__app_label=app_label,
            content_type__model__in=models,
            codename__in=[f"{verb}_{model}" for model in models for verb in ("view", "delete")],
        )
    for app_label, codenames in ADMINISTERED_ACTIONS.items():
        wanted |= Permission.objects.using(db).filter(content_type__app_label=app_label, codename__in=codenames)
    group.permissions.add(*wanted)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cases", "0009_access_log_actions"),
        ("intake", "0007_person_name_phonetic_trigram"),
        ("accounts", "0001_second_factor"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        migrations.CreateModel(
            name="PolicyUser",
            fields=[],
            options={
                "verbose_name": "user",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("auth.user",),
            managers=[
                ("objects", django.contrib.auth.models.UserManager()),
            ],
        ),
        # Nothing to undo: removing the group on the way back would take it from the people in it.
        migrations.RunPython(administrators_group_create, migrations.RunPython.noop),
    ]
