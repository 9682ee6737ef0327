"""System checks: the field-encryption keys are usable before any record is saved with them."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, register


@register()
def field_encryption_keys_are_fernet_keys(app_configs, **kwargs) -> list[Error]:
    """Refuse to start with a key Fernet cannot use: the first save of a narrative would fail."""
    errors = []
    for position, key in enumerate(settings.FIELD_ENCRYPTION_KEYS, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            errors.append(
                Error(
                    f"FIELD_ENCRYPTION_KEYS: key {position} is not a Fernet key (32 bytes, URL-safe base64).",
                    hint='Make one with: python -c "from cryptography.fernet import Fernet; '
                    'print(Fernet.generate_key().decode())"',
                    id="intake.E001",
                )
            )
    return errors
