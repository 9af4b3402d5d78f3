"""Property-based fuzzing of the whole API from its own OpenAPI schema (schemathesis), as the anonymous public
and as each role: no request may end in a server error, and every documented answer must match the schema.

How it runs: the schema is loaded from /api/schema/ through the WSGI application, in-process, inside the test's
database transaction (the world of tests/api/world.py). Each operation is fuzzed in a savepoint of its own, so an
operation that changes state (cancel, erase…) does not spoil the next one. Half the cases aim at real objects (the
A parties' session, vacancy, booth…), the other half at ids the generator picks (mostly unknown: 404s).
Hypothesis runs derandomized, with a bounded number of examples per operation: the run is repeatable.

No operation is excluded. Throttling is set high for the run (its own tests cover it): the fuzzer would otherwise meet
429s and test the throttle instead of the endpoints."""

import contextlib
import os
import time

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
)

from tests.api.world import build_world

pytestmark = pytest.mark.django_db

# Examples generated per operation and role: schema-conforming ones, then schema-violating ones.
MAX_EXAMPLES = {
    GenerationMode.POSITIVE: int(os.environ.get("FUZZ_MAX_EXAMPLES", "15")),
    GenerationMode.NEGATIVE: int(os.environ.get("FUZZ_MAX_NEGATIVE_EXAMPLES", "10")),
}
# Valid input: no server error, and answers (status, content type, headers, body) as documented.
# Invalid input: no server error, and a documented answer still as documented. Schemathesis' check that invalid
# input is refused (negative_data_rejection) is left out: django-filter ignores an unparsable boolean filter or an
# empty choice and DRF's pagination an unparsable page_size (the default applies), which it counts as acceptance.
CHECKS = {
    GenerationMode.POSITIVE: [
        not_a_server_error,
        response_schema_conformance,
        content_type_conformance,
        response_headers_conformance,
    ],
    GenerationMode.NEGATIVE: [not_a_server_error, response_schema_conformance, content_type_conformance],
}
ROLES = ["anonymous", "staff", "employer_a", "seeker_a"]
HIGH_RATES = {scope: "100000/minute" for scope in django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]}

# The real object each path's `{id}`/`{code}` names, by the path's first segment (longest prefix first).
REAL_IDS = [
    ("/api/v1/reports/sessions/", lambda w: w.session.pk),
    ("/api/v1/sessions/", lambda w: w.session.pk),
    ("/api/v1/registrations/", lambda w: w.registration_a.pk),
    ("/api/v1/venues/", lambda w: w.venue.pk),
    ("/api/v1/vacancies/", lambda w: w.vacancy_a.pk),
    ("/api/v1/employers/", lambda w: w.employer_a.pk),
    ("/api/v1/participations/", lambda w: w.booth_a.pk),
    ("/api/v1/interviews/", lambda w: w.interview_a.pk),
    ("/api/v1/notifications/", lambda w: w.notification_a.pk),
    ("/api/v1/referrals/", lambda w: w.referral_a.pk),
    ("/api/v1/cohorts/", lambda w: "disabled"),
    ("/api/v1/me/cohorts/", lambda w: w.cohort_membership_a.pk),
    ("/api/v1/administrative-units/", lambda w: "00070"),
]


@contextlib.contextmanager
def in_process_requests():
    """Requests through the raw WSGI handler inside the test's transaction: like Django's test client, keep the
    request signals from closing the connection (which would end the transaction) and use generous throttles."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    rest_framework = {**django_settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": HIGH_RATES}
    try:
        with override_settings(REST_FRAMEWORK=rest_framework, ALLOWED_HOSTS=["localhost", "testserver"]):
            cache.clear()
            yield
    finally:
        cache.clear()
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def real_path_parameters(operation, world) -> dict:
    names = [p.name for p in operation.path_parameters]
    if not names:
        return {}
    for prefix, value in REAL_IDS:
        if operation.path.startswith(prefix):
            return {name: value(world) for name in names}
    raise AssertionError(f"{operation.path}: no real object for its path parameters in REAL_IDS")


def fuzz_operation(operation, world, role, mode, stats) -> str | None:
    """Run the examples of one operation in one mode; the first failure (shrunk by Hypothesis) as text, or None."""
    real = real_path_parameters(operation, world)
    strategy = operation.as_strategy(mode)
    if real:
        strategy = st.one_of(operation.as_strategy(mode, path_parameters=real), strategy)
    headers = world.headers(role)

    @settings(
        max_examples=MAX_EXAMPLES[mode],
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=strategy)
    def run(case):
        stats["examples"] += 1
        response = case.call(headers=headers)
        stats["statuses"][response.status_code] = stats["statuses"].get(response.status_code, 0) + 1
        case.validate_response(response, checks=CHECKS[mode], headers=headers)

    try:
        with transaction.atomic():
            try:
                run()
            finally:
                transaction.set_rollback(True)
    except Unsatisfiable:  # nothing of this operation can violate its schema (no parameters, no body)
        stats["no_negative"] += 1
    except (Exception, BaseExceptionGroup) as exc:  # a check failed or the application raised: report the case
        return f"{operation.method.upper()} {operation.path} as {role} ({mode.value}):\n{exc}"
    return None


@pytest.fixture
def hypothesis_home(tmp_path):
    """Hypothesis keeps caches in .hypothesis/ of the working directory: keep them out of the source tree."""
    set_hypothesis_home_dir(tmp_path / ".hypothesis")
    yield
    set_hypothesis_home_dir(None)


@pytest.mark.parametrize("role", ROLES)
def test_fuzz_the_api(role, capsys, hypothesis_home):
    world = build_world()
    started = time.monotonic()
    stats = {"examples": 0, "statuses": {}, "no_negative": 0}
    failures = []
    with in_process_requests():
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", WSGIHandler())
        operations = [result.ok() for result in schema.get_all_operations()]
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                failure = fuzz_operation(operation, world, role, mode, stats)
                if failure:
                    failures.append(failure)

    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(stats["statuses"].items()))
    with capsys.disabled():
        print(
            f"\nfuzz as {role}: {len(operations)} operations, {stats['examples']} examples "
            f"(per operation at most {MAX_EXAMPLES[GenerationMode.POSITIVE]} valid and "
            f"{MAX_EXAMPLES[GenerationMode.NEGATIVE]} invalid, plus shrinking; {stats['no_negative']} operations "
            f"take no input that could be invalid), {len(failures)} failures, "
            f"{time.monotonic() - started:.0f}s; statuses {statuses}"
        )
    assert len(operations) >= 50
    assert not any(code >= 500 for code in stats["statuses"])
    assert not failures, "\n\n".join(failures)
