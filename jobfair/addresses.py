"""The client's address, the one thing every limit, lockout and audit row keys on (issue 11 item 2).

Behind `TRUSTED_PROXY_COUNT` proxies (nginx: 1), each appending the address it saw to X-Forwarded-For, the client is
the entry just before the trusted ones; anything further left was written by the client and is not believed. With
no trusted proxy (the default) the socket address is the client, whatever the headers say."""

import functools
import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    hops = [*forwarded, remote]
    candidate = hops[-trusted - 1] if len(hops) > trusted else hops[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # a proxy that passed garbage: fall back to the address we can see
        return remote


def from_venue_network(address: str) -> bool:
    """Whether the address is in one of the centre's VENUE_NETWORKS (a hall's Wi-Fi: many people, one address)."""
    networks = _networks(tuple(settings.VENUE_NETWORKS))
    if not networks:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


@functools.cache
def _networks(cidrs: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(cidr, strict=False) for cidr in cidrs)
