"""The lockout's authentication backend."""

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt

USERNAME_COLUMN = AccessAttempt._meta.get_field("username").max_length


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout for every sign-in made over HTTP.

    Every sign-in form (the application's, the admin site's) passes the request. A call to
    authenticate() without one comes from code run on the server (a shell, a management
    command, a test): it has no client address to count failures against, and axes would
    refuse it outright, so it is left to the next backends.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_username(request, credentials: dict | None = None) -> str | None:
    """Return the username the lockout counts failures against, cut to the length its table stores.

    The sign-in form refuses a username longer than any account's before authenticate() is
    called (accounts.forms.SignInForm); this keeps any other caller of authenticate()
    from making the lockout store more than its column holds (a server error on PostgreSQL).
    """
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username") if source else None
    return username[:USERNAME_COLUMN] if isinstance(username, str) else username
