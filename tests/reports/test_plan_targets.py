"""PlanTarget: one row per year (quarter empty) or quarter and metric, enforced by the database; set (created or
updated) through `services.plan_target_set`, with an audit trail, also when two people save at the same moment."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from accounts.models import AuditEvent
from sessions import services
from sessions.models import PlanTarget
from tests import factories


@pytest.mark.django_db
def test_one_yearly_row_per_metric_even_with_an_empty_quarter():
    PlanTarget.objects.create(year=2026, metric="interviewed", target=10)
    PlanTarget.objects.create(year=2026, quarter=1, metric="interviewed", target=3)
    PlanTarget.objects.create(year=2026, metric="started_work", target=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanTarget.objects.create(year=2026, metric="interviewed", target=11)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanTarget.objects.create(year=2026, quarter=1, metric="interviewed", target=4)


@pytest.mark.django_db
@pytest.mark.parametrize("fields", [{"quarter": 0}, {"quarter": 5}, {"target": 0}, {"year": 1999}])
def test_database_checks_quarter_target_and_year(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanTarget.objects.create(**{"year": 2026, "metric": "interviewed", "target": 10, **fields})


@pytest.mark.django_db
def test_set_creates_then_updates_and_keeps_the_creator(staff):
    other = factories.StaffFactory()
    plan, created = services.plan_target_set(year=2026, quarter=2, metric="vacancies_total", target=9000, actor=staff)
    assert created
    again, created = services.plan_target_set(
        year=2026, quarter=2, metric="vacancies_total", target=9500, note="  điều chỉnh  ", actor=other
    )
    assert not created and again.pk == plan.pk
    again.refresh_from_db()
    assert (again.target, again.note, again.created_by) == (9500, "điều chỉnh", staff)
    actors = list(AuditEvent.objects.filter(action="plan_target.set").order_by("id").values_list("actor", flat=True))
    assert actors == [staff.pk, other.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"quarter": 5}, "quarter"),
        ({"target": 0}, "target"),
        ({"metric": "hired"}, "metric"),
        ({"year": 2101}, "year"),
    ],
)
def test_set_refuses_bad_values(staff, fields, field):
    with pytest.raises(ValidationError) as refusal:
        services.plan_target_set(**{"year": 2026, "metric": "interviewed", "target": 5, "actor": staff, **fields})
    assert field in refusal.value.message_dict
    assert not PlanTarget.objects.exists()


def _race(monkeypatch, work):
    """Run `work` in two threads that both reach PlanTarget.objects.create before either inserts."""
    barrier = threading.Barrier(2, timeout=10)
    create = PlanTarget.objects.create

    def create_after_both_looked(**kwargs):
        barrier.wait()
        return create(**kwargs)

    monkeypatch.setattr(PlanTarget.objects, "create", create_after_both_looked)
    results, failures = [], []

    def run(target):
        try:
            results.append(work(target))
        except Exception as exc:  # the control expects one
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(target,)) for target in (100, 200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return results, failures


@pytest.mark.django_db(transaction=True)
def test_two_people_setting_the_same_new_target_at_once_end_with_one_row(monkeypatch):
    results, failures = _race(
        monkeypatch,
        lambda target: services.plan_target_set(year=2027, metric="sessions_held", target=target, actor=None),
    )
    assert failures == []
    assert sorted(created for _plan, created in results) == [False, True]
    assert PlanTarget.objects.count() == 1
    assert PlanTarget.objects.get().target in (100, 200)
    assert AuditEvent.objects.filter(action="plan_target.set").count() == 2


@pytest.mark.django_db(transaction=True)
def test_control_without_the_retry_the_race_is_an_integrity_error(monkeypatch):
    def naive(target):
        with transaction.atomic():
            if not PlanTarget.objects.filter(year=2027, quarter=None, metric="sessions_held").exists():
                return PlanTarget.objects.create(year=2027, metric="sessions_held", target=target)

    results, failures = _race(monkeypatch, naive)
    assert len(results) == 1
    assert len(failures) == 1 and isinstance(failures[0], IntegrityError)
