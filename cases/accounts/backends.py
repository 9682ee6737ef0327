"""The lockout's authentication backend."""

from axes.backends import AxesStandaloneBackend


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
