"""The address a request came from, behind the reverse proxies the deployment declares.

The one answer to "where did this request come from": the sign-in lockout (django-axes,
AXES_CLIENT_IP_CALLABLE) counts failures against it and the access log (cases.access_log.services) records
it, so what one counts the other shows.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
    """Tell whether `address` is one of the reverse proxies the deployment declared (TRUSTED_PROXIES)."""
    if address is None:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 from a dual-stack socket is 127.0.0.1
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str | None:
    """Return the client's address as the outermost trusted proxy saw it.

    The peer (REMOTE_ADDR) is the answer unless it is a declared proxy (TRUSTED_PROXIES): a
    client that reaches the application directly cannot choose its address by writing
    X-Forwarded-For, since the header is then not read at all. Behind the proxies, each
    appends the address it received the request from, so with `TRUSTED_PROXY_COUNT` of them
    the client is that many entries from the end, and every entry after it must be a declared
    proxy too. Entries further left were written by the client and can be forged: they are
    never read. When the header is missing, too short or not an address, the peer's address is
    the answer.
    """
    peer = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0 or not is_trusted_proxy(_address(peer or "")):
        return peer
    forwarded = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(forwarded) < count:
        return peer
    client, *proxies = (_address(hop) for hop in forwarded[-count:])
    if client is None or not all(is_trusted_proxy(proxy) for proxy in proxies):
        return peer  # a proxy that writes something else, or an undeclared hop: misconfigured
    return str(client)
