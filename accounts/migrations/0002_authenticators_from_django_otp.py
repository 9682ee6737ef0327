"""Move the authenticators django-otp's TOTPDevice kept (secret in plain hex) into AuthenticatorDevice (encrypted).

django_otp.plugins.otp_totp is no longer installed, so its table is read with SQL, if it is
there at all (a new database never had it). Each row is copied with its secret encrypted under
FIELD_ENCRYPTION_KEYS, then the plaintext rows are deleted. Sessions verified with an old
device are asked for a code again, since the device they name no longer exists.
"""

from django.db import migrations

OLD_TABLE = "otp_totp_totpdevice"
COLUMNS = [
    "user_id", "name", "confirmed", "key", "step", "t0", "digits", "tolerance", "drift", "last_t",
    "throttling_failure_timestamp", "throttling_failure_count", "created_at", "last_used_at",
]  # fmt: skip


def authenticators_move(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    AuthenticatorDevice = apps.get_model("accounts", "AuthenticatorDevice")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(quote(c) for c in COLUMNS)} FROM {quote(OLD_TABLE)}")  # noqa: S608
        rows = [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]
        # The historical model's EncryptedTextField encrypts `key` on save.
        AuthenticatorDevice.objects.bulk_create(AuthenticatorDevice(**row) for row in rows)
        cursor.execute(f"DELETE FROM {quote(OLD_TABLE)}")  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_second_factor")]

    operations = [migrations.RunPython(authenticators_move, migrations.RunPython.noop)]
