"""Field-level encryption at rest (found again through blind indexes: intake.matching.digest).

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) under the
keys in FIELD_ENCRYPTION_KEYS, the first of which encrypts; the others still decrypt, so a
key is rotated by putting the new one first and running `manage.py rotate_field_keys`.
A database dump, a backup or a replica therefore holds no plaintext of these fields.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

TOKEN_PREFIX = "gAAAAA"  # noqa: S105 - not a secret: every Fernet token starts so (version byte 0x80)


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    return MultiFernet([Fernet(key) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return fernet().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """Re-encrypt a stored token under the first (current) key."""
    return fernet().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """A text field stored encrypted. It cannot be filtered on: search through a blind index."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        try:
            return decrypt(value)
        except InvalidToken as error:
            # A value that is not ours to read must never be shown as if it were plaintext.
            where = f"{self.model.__name__}.{self.name}"
            raise ValueError(f"{where} cannot be decrypted with FIELD_ENCRYPTION_KEYS") from error

    def formfield(self, **kwargs):
        if self.max_length:  # a short value (a phone, a document number) is typed on one line
            kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name):
        # Encryption is randomised: only emptiness can be asked of the stored value. Other
        # lookups ("contains", "iexact") would silently find nothing, so they are refused.
        if lookup_name not in ("exact", "isnull"):
            return None
        return super().get_lookup(lookup_name)


def encrypt_column_in_place(schema_editor, *, table: str, column: str, pk: str = "id", reverse: bool = False):
    """Encrypt (with `reverse`, decrypt) a column's stored values, for the migration encrypting a field.

    Raw SQL, because the field in the migration state already decrypts on reading. A value
    already a token is left alone, so the migration can run on a partly encrypted table.
    """
    quote = schema_editor.connection.ops.quote_name
    select = f"SELECT {quote(pk)}, {quote(column)} FROM {quote(table)} WHERE {quote(column)} <> ''"  # noqa: S608
    update = f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote(pk)} = %s"  # noqa: S608
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(select)
        for key, value in cursor.fetchall():
            if reverse == (not value.startswith(TOKEN_PREFIX)):
                continue  # already as wanted
            cursor.execute(update, [decrypt(value) if reverse else encrypt(value), key])
