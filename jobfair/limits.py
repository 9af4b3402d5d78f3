"""Rate limits (issue 11 item 2), one mechanism for the API and the web pages: DRF's throttles, counting in the
shared cache (Redis in production), keyed on the client address of jobfair/addresses.py or on the target of the
request (a phone number, an e-mail). Rates are REST_FRAMEWORK's DEFAULT_THROTTLE_RATES, read at each request. An address
of the centre's VENUE_NETWORKS is not counted per address (a hall's Wi-Fi on a session day); per target it is.

API views name the throttle classes; a web view asks `over_limit(request, scope, target=…)`."""

import hashlib
from dataclasses import dataclass

from django.utils.translation import ngettext
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from jobfair.addresses import client_address, from_venue_network


class RatesFromSettings:
    """DRF copies DEFAULT_THROTTLE_RATES onto its throttle classes once, at import: a rate changed later (a
    settings override, a test) would be ignored. These throttles read the rate when a request comes, and count the
    client by the address the trusted proxies saw (never by a header the client wrote)."""

    @property
    def THROTTLE_RATES(self):  # the attribute DRF's SimpleRateThrottle reads
        return api_settings.DEFAULT_THROTTLE_RATES

    def get_ident(self, request):
        return client_address(request)


class PerAddress:
    """A limit per client address, which does not count an address of VENUE_NETWORKS: a hall's Wi-Fi puts hundreds
    of people behind it on a session day (DRF lets a request with no cache key through)."""

    def get_cache_key(self, request, view):
        if from_venue_network(self.get_ident(request)):
            return None
        return self.address_key(request, view)

    def address_key(self, request, view):
        return super().get_cache_key(request, view)  # DRF's own: AnonRateThrottle's for the API's classes


class SignupRateThrottle(RatesFromSettings, PerAddress, AnonRateThrottle):
    scope = "signup"


class TokenRateThrottle(RatesFromSettings, PerAddress, AnonRateThrottle):
    scope = "token"


class RegistrationRateThrottle(RatesFromSettings, UserRateThrottle):
    scope = "registration"


def target_ident(target: str) -> str:
    """The counter name of a target: a digest, so that no phone number or e-mail sits in the cache."""
    return hashlib.sha256(target.strip().lower().encode()).hexdigest()[:32]


class TargetRateThrottle(RatesFromSettings, SimpleRateThrottle):
    """An API throttle per target: `target_of(request)` names it (None: nothing to count)."""

    def target_of(self, request) -> str | None:
        raise NotImplementedError

    def get_cache_key(self, request, view):
        target = self.target_of(request)
        return self.cache_format % {"scope": self.scope, "ident": target_ident(target)} if target else None


class _AddressLimit(RatesFromSettings, PerAddress, SimpleRateThrottle):
    def __init__(self, scope: str):
        self.scope = scope
        super().__init__()

    def address_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class _TargetLimit(TargetRateThrottle):
    """Counts requests aimed at one phone number or e-mail, from wherever they come."""

    def __init__(self, scope: str, target: str):
        self.scope, self.target = f"{scope}_target", target
        super().__init__()

    def target_of(self, request):
        return self.target


@dataclass(frozen=True)
class Limited:
    wait_seconds: int
    by_target: bool  # the target's limit, not (only) the address's, was reached

    @property
    def wait_minutes(self) -> int:
        return max(1, -(-self.wait_seconds // 60))

    @property
    def message(self) -> str:
        """What a person reads on a web page that refused them."""
        return ngettext(
            "Too many attempts. Please try again in %(minutes)d minute, or call the centre.",
            "Too many attempts. Please try again in %(minutes)d minutes, or call the centre.",
            self.wait_minutes,
        ) % {"minutes": self.wait_minutes}


def over_limit(request, scope: str, *, target: str = "") -> Limited | None:
    """Count this request under `scope` (per client address) and `<scope>_target` (per target, when one is given).
    None while both allow it."""
    limits = [_AddressLimit(scope)] + ([_TargetLimit(scope, target)] if target else [])
    refused = [limit for limit in limits if not limit.allow_request(request, None)]
    if not refused:
        return None
    wait = max(limit.wait() or limit.duration for limit in refused)
    by_target = any(isinstance(limit, _TargetLimit) for limit in refused)
    return Limited(wait_seconds=max(1, round(wait)), by_target=by_target)


def lockout_parameters(request_or_attempt, credentials=None) -> list[str]:
    """django-axes' lockout: failed sign-ins lock the account and, apart, the address they came from, except an
    address of VENUE_NETWORKS, where ten people mistyping a password in a crowded hall would lock everyone out."""
    address = getattr(request_or_attempt, "axes_ip_address", None) or getattr(request_or_attempt, "ip_address", "")
    if from_venue_network(address or ""):
        return ["username"]
    return ["username", "ip_address"]
