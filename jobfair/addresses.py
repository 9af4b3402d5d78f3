"""The client's address, the one thing every limit, lockout and audit row keys on (issue 11 item 2).

Behind `TRUSTED_PROXY_COUNT` proxies (nginx: 1), each appending the address it saw to X-Forwarded-For, the client is
the entry just before the trusted ones; anything further left was written by the client and is not believed. With
no trusted proxy (the default) the socket address is the client, whatever the headers say."""

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
