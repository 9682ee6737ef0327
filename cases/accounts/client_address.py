"""The address a request came from, behind the reverse proxies the deployment declares."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """Return the client's address as the outermost trusted proxy saw it.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with
    `TRUSTED_PROXY_COUNT` proxies in front of the application the client is that many entries
    from the end. Entries further left were written by the client and can be forged: they are
    never read. Without proxies, or when the header is shorter than it must be, REMOTE_ADDR is
    the answer: a client cannot choose it.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [hop for hop in forwarded if hop]
        if len(forwarded) >= count:
            candidate = forwarded[-count]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass  # a proxy that writes something else is misconfigured: fall back
    return request.META.get("REMOTE_ADDR")
