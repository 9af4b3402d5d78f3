"""The HTTP bench switches parts of the registration off to measure them (bench/http/without.py): switched on again,
the project's own are back, and a part it does not know is refused."""

import contextlib

import pytest

from bench.http.without import PARTS, switch_off
from jobfair.limits import RegistrationRateThrottle
from sessions.api import views
from sessions.notifications import outbox


def the_parts():
    return (
        outbox.registration_notices,
        RegistrationRateThrottle.allow_request,
        views.RegistrationOutputSerializer,
    )


@contextlib.contextmanager
def switched_off(parts):
    switch_on = switch_off(parts)
    try:
        yield
    finally:
        switch_on()


def test_switching_every_part_off_and_on_again_gives_the_project_its_own_back():
    own = the_parts()
    with switched_off(PARTS):
        assert all(now is not before for now, before in zip(the_parts(), own, strict=True))
    assert the_parts() == own


def test_an_unknown_part_is_refused_and_nothing_is_switched_off():
    own = the_parts()
    with pytest.raises(ValueError, match="no such part: rendering"):
        switch_off(["throttle", "rendering"])
    assert the_parts() == own
