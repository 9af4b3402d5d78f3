"""Issue 12 item 3: the staff role carries the "centre staff" group into the admin (reference data, sessions, booths,
notifications, the audit trail read-only; never passwords, roles or superuser flags), the role keeps the group in
step, and the audit trail says what changed from what to what."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from accounts import services as accounts_services
from accounts.audit import HIDDEN, changes_since, snapshot
from accounts.models import AuditEvent, Employer, Role, User
from accounts.roles import CENTRE_STAFF_GROUP, CENTRE_STAFF_PERMISSIONS
from sessions import services
from sessions.models import JobSession, Notification, Participation, SessionFormat, Venue
from tests import factories
from tests.helpers import editable_admin_fields

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def in_group(user) -> bool:
    return user.groups.filter(name=CENTRE_STAFF_GROUP).exists()


def expected_permissions() -> set[str]:
    return {
        f"{app}.{action}_{model}"
        for app, models in CENTRE_STAFF_PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    }


def group_permissions() -> set[str]:
    group = Group.objects.get(name=CENTRE_STAFF_GROUP)
    return {
        f"{app}.{codename}" for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


@pytest.fixture
def officer(client):
    """A centre staff member as the demo has one: role staff, may enter the admin, not a superuser."""
    user = factories.StaffFactory(username="can.bo@example.vn")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return user


# --- the group and its permissions ------------------------------------------------------------------------------


def test_the_group_holds_what_staff_need_and_nothing_of_users_rights():
    held = group_permissions()
    assert held == expected_permissions()
    assert {
        "accounts.view_auditevent",
        "jobsessions.view_notification",
        "jobsessions.change_participation",
        "jobsessions.change_jobsession",
        "jobsessions.view_followupcontact",
        "accounts.view_administrativeunit",
    } <= held
    assert (
        not {
            "accounts.change_auditevent",
            "accounts.delete_auditevent",
            "accounts.change_administrativeunit",
            "accounts.add_user",
            "accounts.delete_user",
            "auth.change_group",
            "auth.change_permission",
            "jobsessions.change_notification",
            "accounts.view_personaldataaccess",  # the record of reads is granted one by one, not with the role
        }
        & held
    )


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_alone_makes_the_group_and_puts_the_staff_in_it():
    """Run without post_migrate: on a database that already holds every table, the migration does the whole job."""
    staff_member = factories.StaffFactory()
    seeker_user = factories.UserFactory()
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0005_identity_verification")])
    try:
        assert not Group.objects.filter(name=CENTRE_STAFF_GROUP).exists()
        Permission.objects.filter(content_type__app_label="jobsessions", codename="view_followupcontact").delete()

        executor = MigrationExecutor(connection)  # a fresh graph, as `migrate` has
        executor.migrate([("accounts", "0006_centre_staff_group")])

        assert group_permissions() == expected_permissions()  # the deleted permission was created again
        assert in_group(staff_member)
        assert not in_group(seeker_user)
    finally:
        # Going back to 0005 also undid every later migration of every app: the tests after this one need them.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


# --- the role keeps the group in step ---------------------------------------------------------------------------


def test_a_staff_user_joins_the_group_and_leaves_it_when_the_role_changes():
    user = factories.StaffFactory()
    assert in_group(user)
    user.role = Role.JOB_SEEKER
    user.save(update_fields=["role"])
    assert not in_group(user)
    user.role = Role.STAFF
    user.save()
    assert in_group(user)
    user.is_staff = False  # no entry to the admin: no admin rights either
    user.save()
    assert not in_group(user)


def test_job_seekers_and_employers_never_join():
    assert not in_group(factories.UserFactory())
    assert not in_group(factories.EmployerUserFactory())
    assert not in_group(factories.UserFactory(role=Role.EMPLOYER, is_staff=True, employer=factories.EmployerFactory()))


def test_a_sign_in_leaves_the_group_alone(django_assert_num_queries):
    user = factories.StaffFactory()
    user.last_login = timezone.now()
    with django_assert_num_queries(1):  # the update itself, no group bookkeeping
        user.save(update_fields=["last_login"])


def test_a_superuser_making_someone_staff_in_the_admin_puts_them_in_the_group(client):
    client.force_login(factories.StaffFactory(is_superuser=True))
    user = factories.UserFactory(username="moi@example.vn")
    page = client.get(admin_url(User, "change", user.pk))
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if key not in ("groups", "user_permissions", "password", "last_login", "date_joined", "employer")
        and value is not None
    }
    data.update(role=Role.STAFF, is_staff="on", is_active="on", language="vi")
    response = client.post(admin_url(User, "change", user.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert (user.role, user.is_staff) == (Role.STAFF, True)
    assert in_group(user)  # the form's empty groups did not take it away


# --- the staff member in the admin ------------------------------------------------------------------------------


def test_centre_staff_open_the_admin_index_the_trail_and_the_outbox(client, officer):
    accounts_services.employer_update(employer=factories.EmployerFactory(), actor=officer, phone="0912 345 678")
    for url in (
        reverse("admin:index"),
        admin_url(AuditEvent, "changelist"),
        admin_url(AuditEvent, "change", AuditEvent.objects.latest("id").pk),
        admin_url(Notification, "changelist"),
        admin_url(JobSession, "changelist"),
        admin_url(Venue, "add"),
        admin_url(Participation, "changelist"),
    ):
        assert client.get(url).status_code == 200, url
    # the trail is read-only, for staff too
    assert (
        client.post(admin_url(AuditEvent, "delete", AuditEvent.objects.latest("id").pk), {"post": "yes"}).status_code
        == 403
    )


def test_centre_staff_set_a_booths_online_room_in_the_admin(client, officer):
    session = factories.JobSessionFactory(
        format=SessionFormat.ONLINE, venue=None, online_url="https://meet.example.vn/p"
    )
    booth = services.participation_approve(
        participation=factories.ParticipationFactory(session=session, status="applied", booth_label=""), actor=officer
    )
    page = client.get(admin_url(Participation, "change", booth.pk))
    assert page.status_code == 200
    assert "online_room_url" in page.context["adminform"].form.fields  # editable, not only shown

    response = client.post(
        admin_url(Participation, "change", booth.pk),
        {"booth_label": booth.booth_label, "online_room_url": "https://meet.example.vn/phong-3", "attended": ""},
    )
    assert response.status_code == 302
    booth.refresh_from_db()
    assert booth.online_room_url == "https://meet.example.vn/phong-3"


def test_centre_staff_send_a_failed_notice_again(client, officer, mailoutbox, django_capture_on_commit_callbacks):
    failed = Notification.objects.create(
        channel=Notification.Channel.EMAIL,
        address="nguoi.tim.viec@example.vn",
        kind=Notification.Kind.REGISTRATION_CONFIRMED,
        subject="Xác nhận đăng ký",
        body_text="Bạn đã đăng ký phiên giao dịch việc làm.",
        dedup_key="retry-by-staff",
        send_after=timezone.now() - timedelta(hours=1),
        status=Notification.Status.FAILED,
        attempts=5,
        last_error="SMTP 451",
    )
    changelist = client.get(admin_url(Notification, "changelist"))
    assert "retry_failed" in [name for name, _label in changelist.context["action_form"].fields["action"].choices]

    with django_capture_on_commit_callbacks(execute=True):  # the sweep asked for on commit sends it (eager here)
        client.post(
            admin_url(Notification, "changelist"),
            {"action": "retry_failed", ACTION_CHECKBOX_NAME: [failed.pk], "index": 0},
            follow=True,
        )
    failed.refresh_from_db()
    assert failed.status == Notification.Status.SENT
    assert AuditEvent.objects.filter(action="notification.retry", actor=officer).exists()


def test_centre_staff_see_users_but_not_passwords_roles_or_superuser_flags(client, officer):
    seeker_user = factories.UserFactory(username="nguoi.dung@example.vn")
    page = client.get(admin_url(User, "change", seeker_user.pk))
    assert page.status_code == 200
    editable = editable_admin_fields(page)
    assert not {"password", "is_superuser", "is_staff", "role", "groups", "user_permissions"} & editable
    assert {"email", "phone", "is_active"} <= editable
    assert (
        reverse("admin:auth_user_password_change", args=[seeker_user.pk]) not in page.content.decode()
    )  # no password link

    # a crafted post cannot set them either: they are not in the form
    data = {
        "username": seeker_user.username,
        "email": seeker_user.email,
        "language": "vi",
        "is_active": "on",
        "is_superuser": "on",
        "is_staff": "on",
        "role": Role.STAFF,
        "groups": [Group.objects.get(name=CENTRE_STAFF_GROUP).pk],
    }
    assert client.post(admin_url(User, "change", seeker_user.pk), data).status_code == 302
    seeker_user.refresh_from_db()
    assert (seeker_user.is_superuser, seeker_user.is_staff, seeker_user.role) == (False, False, Role.JOB_SEEKER)
    assert not in_group(seeker_user)

    assert client.get(reverse("admin:auth_user_password_change", args=[seeker_user.pk])).status_code == 403
    assert client.get(admin_url(User, "add")).status_code == 403


def test_centre_staff_only_see_the_accounts_of_staff_and_superusers(client, officer):
    superuser = factories.StaffFactory(username="quan.tri@example.vn", is_superuser=True)
    page = client.get(admin_url(User, "change", superuser.pk))
    assert page.status_code == 200 and "adminform" in page.context
    assert not page.context["has_change_permission"]
    response = client.post(admin_url(User, "change", superuser.pk), {"username": superuser.username, "email": "x@y.vn"})
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.email == "quan.tri@example.vn"


# --- the audit trail: old → new ---------------------------------------------------------------------------------


def test_an_employer_update_records_old_and_new_values(officer):
    employer = factories.EmployerFactory(name="Công ty May Hà Nội", phone="+842438261111")
    accounts_services.employer_update(employer=employer, actor=officer, name="Công ty May Thăng Long", phone="")
    event = AuditEvent.objects.filter(action="employer.update", object_id=str(employer.pk)).get()
    assert event.data["changes"] == {
        "name": ["Công ty May Hà Nội", "Công ty May Thăng Long"],
        "phone": ["+842438261111", ""],
    }


def test_a_verification_records_the_state_before_and_after(officer):
    employer = factories.EmployerFactory(verification="pending")
    accounts_services.employer_verify(employer=employer, actor=officer, decision="rejected", note="Sai mã số thuế")
    changes = AuditEvent.objects.get(action="employer.rejected").data["changes"]
    assert changes["verification"] == ["pending", "rejected"]
    assert changes["verification_note"] == ["", "Sai mã số thuế"]
    assert changes["verified_by"] == [None, str(officer)]


def test_a_session_update_records_moved_times_venue_and_cohorts(officer):
    session = factories.JobSessionFactory()
    old_venue, new_venue = session.venue, factories.VenueFactory(name="Sàn Đông Anh")
    old_start = session.starts_at
    services.session_update(
        session=session,
        actor=officer,
        starts_at=old_start + timedelta(hours=1),
        ends_at=session.ends_at + timedelta(hours=1),
        venue=new_venue,
        target_cohorts=[factories.cohort()],
    )
    changes = AuditEvent.objects.get(action="session.update").data["changes"]
    assert changes["venue"] == [str(old_venue), "Sàn Đông Anh"]
    assert changes["starts_at"] == [
        timezone.localtime(old_start).isoformat(timespec="minutes"),
        timezone.localtime(old_start + timedelta(hours=1)).isoformat(timespec="minutes"),
    ]
    assert changes["target_cohorts"][0] == []
    assert len(changes["target_cohorts"][1]) == 1
    assert "updated_at" not in changes


def test_venue_and_booth_decisions_record_what_changed(officer):
    venue = factories.VenueFactory(booth_count=10)
    services.venue_update(venue=venue, actor=officer, booth_count=12)
    assert AuditEvent.objects.get(action="venue.update").data["changes"] == {"booth_count": [10, 12]}

    booth = factories.ParticipationFactory(status="applied", booth_label="")
    services.participation_approve(participation=booth, actor=officer)
    changes = AuditEvent.objects.get(action="participation.approve").data["changes"]
    assert changes["status"] == ["applied", "approved"]
    assert changes["booth_label"][0] == ""


def test_secrets_are_recorded_as_changed_never_by_value():
    user = factories.UserFactory()
    before = snapshot(user)
    user.set_password("Mat-khau-moi-2027")
    assert changes_since(user, before) == {"password": [HIDDEN, HIDDEN]}


def test_the_trail_shows_changes_by_field_label_with_old_and_new_values(client, officer):
    employer = factories.EmployerFactory(name="Công ty May Hà Nội", verification="pending")
    accounts_services.employer_update(employer=employer, actor=officer, name="Công ty May Thăng Long")
    accounts_services.employer_verify(employer=employer, actor=officer, decision="verified")
    update = AuditEvent.objects.get(action="employer.update")
    verify = AuditEvent.objects.get(action="employer.verified")

    body = client.get(admin_url(AuditEvent, "change", update.pk)).content.decode()
    assert "<strong>company name</strong>: Công ty May Hà Nội → Công ty May Thăng Long" in body
    body = client.get(admin_url(AuditEvent, "change", verify.pk)).content.decode()
    assert "<strong>verification</strong>: Awaiting verification → Verified" in body  # choices by their label
    listing = client.get(admin_url(AuditEvent, "changelist")).content.decode()
    assert "company name" in listing


def test_a_user_changed_in_the_admin_is_on_the_trail(client, officer):
    seeker_user = factories.UserFactory(username="doi.email@example.vn")
    data = {"username": seeker_user.username, "email": "moi@example.vn", "language": "vi", "is_active": "on"}
    assert client.post(admin_url(User, "change", seeker_user.pk), data).status_code == 302
    event = AuditEvent.objects.get(action="user.update", object_id=str(seeker_user.pk))
    assert event.actor == officer
    assert event.data["changes"] == {"email": ["doi.email@example.vn", "moi@example.vn"]}


def test_employer_admin_pages_open_for_centre_staff(client, officer):
    employer = factories.EmployerFactory()
    assert client.get(admin_url(Employer, "change", employer.pk)).status_code == 200


def test_staff_land_on_the_staff_console_after_signing_in(client):
    staff = factories.StaffFactory()

    response = client.post(reverse("accounts:login"), {"username": staff.username, "password": "Mat-khau-2026"})

    assert response.status_code == 302 and response["Location"] == reverse("staff:dashboard")
