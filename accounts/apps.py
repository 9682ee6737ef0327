from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Sign-in beyond the password: enrolment codes, TOTP and recovery codes, and how long a session lives."""

    name = "accounts"
    label = "accounts"
    verbose_name = _("Accounts and sessions")

    def ready(self) -> None:
        from django.conf import settings
        from django.conf.locale import LANG_INFO
        from django.contrib.auth.signals import user_logged_in

        from accounts.languages import session_language_remember
        from accounts.session_policy import session_start

        # Every sign-in, whichever path it takes (the form, the test client's force_login),
        # stamps the session with its start and the account's fingerprint.
        user_logged_in.connect(session_start, dispatch_uid="accounts.session_start")
        # The language saved on the account follows the person to this device.
        user_logged_in.connect(session_language_remember, dispatch_uid="accounts.session_language")
        # The interface languages Django has no entry for (Filipino): their names and direction.
        LANG_INFO.update(settings.EXTRA_LANG_INFO)
