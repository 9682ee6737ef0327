"""A tiny Thai catalogue, so that a test sees real Thai text whatever the translators have committed."""

import shutil
import subprocess

import pytest

THAI_PO = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=1; plural=0;\n"

msgid "Sign in"
msgstr "เข้าสู่ระบบ"

msgid "%(counter)s new notification in your repatriation queue"
msgid_plural "%(counter)s new notifications in your repatriation queue"
msgstr[0] "มีการแจ้งเตือนใหม่ %(counter)s รายการในคิวส่งกลับของคุณ"

msgid "Sign in to read them:"
msgstr "เข้าสู่ระบบเพื่ออ่าน:"

msgid "Your access to the case intake system changed"
msgstr "สิทธิ์การเข้าถึงระบบรับเรื่องของคุณเปลี่ยนไป"
"""

MSGFMT = shutil.which("msgfmt") or "/usr/bin/msgfmt"
THAI_SIGN_IN = "เข้าสู่ระบบ"


@pytest.fixture
def thai_catalogue(tmp_path, settings):
    """Put a small compiled Thai catalogue first in LOCALE_PATHS for the test."""
    messages = tmp_path / "th" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text(THAI_PO, encoding="utf-8")
    subprocess.run(
        [MSGFMT, "--check", "-o", str(messages / "django.mo"), str(messages / "django.po")], check=True
    )
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]  # resets Django's translation caches
    return tmp_path
