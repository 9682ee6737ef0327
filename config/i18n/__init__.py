"""Translation tooling: extraction of every message into the catalogues, the generated ISO names.

Not part of the running application: `make messages` and tests/i18n/ use it (docs/translation.md).
"""
