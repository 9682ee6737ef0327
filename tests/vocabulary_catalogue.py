"""A tiny Thai catalogue of vocabulary labels, so that a test sees Thai whatever the translators
have committed (the real catalogues get the labels from intake/term_labels.py and
referrals/term_labels.py through `make messages`)."""

import shutil
import subprocess

# Seeded labels and how the tiny catalogue writes them in Thai.
THAI = {
    "Online job advertisement": "โฆษณารับสมัครงานออนไลน์",
    'Forced criminality: romance or "pig-butchering" scams': (
        'ถูกบังคับให้ก่ออาชญากรรม: หลอกลวงให้รักหรือแก๊ง "เชือดหมู"'
    ),
    "Debt bondage": "การใช้หนี้เป็นพันธนาการ",
    "Other or unknown site": "สถานที่อื่นหรือไม่ทราบ",
    "Shelter": "สถานพักพิง",
    "Medical care": "การรักษาพยาบาล",
}

HEADER = r"""msgid ""
msgstr ""
"Language: th\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=1; plural=0;\n"
"""
MSGFMT = shutil.which("msgfmt") or "/usr/bin/msgfmt"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def install_thai_vocabulary(tmp_path, settings) -> None:
    """Compile the tiny catalogue and put it first in LOCALE_PATHS (which resets Django's caches)."""
    messages = tmp_path / "th" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    entries = "".join(
        f"\nmsgid {_quoted(msgid)}\nmsgstr {_quoted(msgstr)}\n" for msgid, msgstr in THAI.items()
    )
    (messages / "django.po").write_text(HEADER + entries, encoding="utf-8")
    subprocess.run(
        [MSGFMT, "--check", "-o", str(messages / "django.mo"), str(messages / "django.po")], check=True
    )
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]
