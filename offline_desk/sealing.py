"""Sealing an arrival on the device, opening it on the server.

The device makes a fresh AES-256-GCM key for each arrival, encrypts what was typed with it,
and wraps that key with the server's RSA-OAEP (SHA-256, 3072-bit) public key (WebCrypto,
offline_desk/static/offline_desk/desk.js). The arrival's idempotency key and the device's id
are the GCM's additional data: a sealed arrival cannot be replayed under another key or device.
The device keeps only the sealed form, so it cannot read its own queue back.
"""

import base64
import binascii
import json
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import transaction
from django.utils import timezone

from offline_desk.models import SealingKey

KEY_BITS = 3072
OAEP = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


class Unreadable(Exception):
    """A sealed arrival that this server cannot open: malformed, tampered with, or another key's."""


@dataclass(frozen=True)
class Sealed:
    key_id: int
    wrapped_key: str  # base64
    iv: str  # base64
    data: str  # base64: ciphertext and GCM tag

    @classmethod
    def of(cls, value) -> "Sealed":
        if not isinstance(value, dict):
            raise Unreadable
        try:
            return cls(
                key_id=int(value["key_id"]),
                wrapped_key=str(value["wrapped_key"]),
                iv=str(value["iv"]),
                data=str(value["data"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise Unreadable from error


@transaction.atomic
def sealing_key_current() -> SealingKey:
    """Return the key devices seal with now, making the first one if there is none."""
    key = SealingKey.objects.select_for_update().filter(retired_at__isnull=True).first()
    if key is not None:
        return key
    private = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    key = SealingKey(
        public_key=private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode(),
        private_key=private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
    )
    key.full_clean()
    key.save()
    return key


@transaction.atomic
def sealing_key_rotate() -> SealingKey:
    """Retire the key devices seal with now and make the next one; return the new key.

    The retired key is kept, private half included: an arrival sealed with it on a device that
    stayed offline through the rotation still opens. Devices take the new public key the next
    time they open the desk online.
    """
    SealingKey.objects.select_for_update().filter(retired_at__isnull=True).update(retired_at=timezone.now())
    return sealing_key_current()


def public_key_spki(key: SealingKey) -> str:
    """The public key as WebCrypto imports it ("spki"), in base64."""
    public = serialization.load_pem_public_key(key.public_key.encode())
    der = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode()


def associated_data(*, idempotency_key: str, device_id: str) -> bytes:
    return f"{idempotency_key}|{device_id}".encode()


def unseal(sealed: Sealed, *, idempotency_key: str, device_id: str) -> dict:
    """Open a sealed arrival with the server's private key; raise Unreadable if it does not open."""
    key = SealingKey.objects.filter(pk=sealed.key_id).first()
    if key is None:
        raise Unreadable
    private = serialization.load_pem_private_key(key.private_key.encode(), password=None)
    try:
        aes_key = private.decrypt(base64.b64decode(sealed.wrapped_key, validate=True), OAEP)
        plain = AESGCM(aes_key).decrypt(
            base64.b64decode(sealed.iv, validate=True),
            base64.b64decode(sealed.data, validate=True),
            associated_data(idempotency_key=idempotency_key, device_id=device_id),
        )
        value = json.loads(plain.decode())
    except (ValueError, InvalidTag, binascii.Error, UnicodeDecodeError) as error:
        raise Unreadable from error
    if not isinstance(value, dict):
        raise Unreadable
    return value


def seal(value: dict, *, key: SealingKey, idempotency_key: str, device_id: str) -> dict:
    """Seal as a device does (for tests and tools: devices seal in the browser)."""
    public = serialization.load_pem_public_key(key.public_key.encode())
    aes_key = AESGCM.generate_key(bit_length=256)
    iv = os.urandom(12)
    data = AESGCM(aes_key).encrypt(
        iv,
        json.dumps(value).encode(),
        associated_data(idempotency_key=idempotency_key, device_id=device_id),
    )
    return {
        "key_id": key.pk,
        "wrapped_key": base64.b64encode(public.encrypt(aes_key, OAEP)).decode(),
        "iv": base64.b64encode(iv).decode(),
        "data": base64.b64encode(data).decode(),
    }
