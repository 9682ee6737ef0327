"""The admin's sections of other packages' apps, named as people call them ("AXES" was one).

Each class is the package's own AppConfig under another verbose_name, installed in its place
(config/settings INSTALLED_APPS): nothing else about the app changes, its label included.
"""

from axes.apps import AppConfig as AxesConfig
from django.contrib.auth.apps import AuthConfig
from django.utils.translation import gettext_lazy as _


class SignInLockoutsConfig(AxesConfig):
    verbose_name = _("Sign-in lockouts")


class StaffAccountsConfig(AuthConfig):
    verbose_name = _("Staff accounts and groups")
