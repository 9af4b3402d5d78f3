"""The registration with a part of it switched off, to measure what that part costs (bench only, never the project).

`switch_off(parts)` replaces, in this process, what each named part does with the least that keeps the registration
answering and its outcome right; it returns a function that puts the project's own back. The HTTP bench switches
parts off in its gunicorn workers (`--without`, through BenchHttpConfig.ready); bench/http/parts.py switches them on
and off request by request in one process.

- `notices`: nothing is rendered. Each new registration still writes one outbox row (fixed text, its own key) in its
  transaction, which asks for a sweep on commit, as the floor does (baseline.RegistrationFloor).
- `throttle`: the registration's rate limit (RegistrationRateThrottle) lets every request through, without counting.
- `answer`: the answer is a dict of the registration's id, status, codes and waitlist place instead of
  RegistrationOutputSerializer."""

from django.utils import timezone

PARTS = ("notices", "throttle", "answer")


class _PlainAnswer:
    """What the view asks of RegistrationOutputSerializer: `.data`."""

    def __init__(self, registration, context=None):
        self.registration = registration
        self.context = context or {}

    @property
    def data(self):
        registration = self.registration
        return {
            "id": registration.pk,
            "status": registration.status,
            "check_in_code": registration.check_in_code,
            "short_code": registration.short_code,
            "waitlist_position": self.context.get("waitlist_positions", {}).get(registration.pk),
        }


def _fixed_notice(registration, kind, *, context=None):
    from sessions.models import Notification
    from sessions.notifications import outbox

    return [
        Notification(
            channel=Notification.Channel.SMS,
            address=registration.job_seeker.phone or "+84900000000",
            kind=kind,
            body_text="bench",
            dedup_key=f"bench-without:{outbox.UNSAVED_REGISTRATION}",  # the registration's id is put in on writing
            send_after=timezone.now(),
            job_seeker=registration.job_seeker,
            session=registration.session,
        )
    ]


def _let_through(self, request, view):
    return True


def switch_off(parts) -> callable:
    """Switch the named parts off in this process; returns the function that switches them on again."""
    from jobfair.limits import RegistrationRateThrottle
    from sessions.api import views
    from sessions.notifications import outbox

    unknown = set(parts) - set(PARTS)
    if unknown:
        raise ValueError(f"no such part: {', '.join(sorted(unknown))} (parts: {', '.join(PARTS)})")
    replaced = []  # (owner, attribute, the project's own)
    for part in parts:
        owner, attribute, replacement = {
            "notices": (outbox, "registration_notices", _fixed_notice),
            "throttle": (RegistrationRateThrottle, "allow_request", _let_through),
            "answer": (views, "RegistrationOutputSerializer", _PlainAnswer),
        }[part]
        replaced.append((owner, attribute, getattr(owner, attribute)))
        setattr(owner, attribute, replacement)

    def switch_on():
        for owner, attribute, original in reversed(replaced):
            setattr(owner, attribute, original)

    return switch_on
