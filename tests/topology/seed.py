"""The topology's database: migrated, then what the scenarios need, written in bulk (issue 14 item 5).

Run as a subprocess with the topology's environment (its own DATABASE_URL and SECRET_KEY):

    python -m tests.topology.seed OUT.json COUNT

- COUNT distinct job seekers (+ a few for the report scenario), each with an e-mail address, every fourth one with
  SMS notices too; an access token for each, minted with simplejwt as the token endpoint would (job seekers have
  no second factor: no 2,000 sign-ins through nginx's sign-in rate limit);
- one staff member with a confirmed authenticator (TOTP) device: the report scenario signs in through the token
  endpoint with the password and the code of the day, as staff must;
- four published sessions open for registration: `burst` and `kill` (500 seats each), `outage` (no seat limit)
  and `report` (10 seats).

It writes {"sessions": {...}, "seekers": [...], "report_seekers": [...], "staff": {...}} to OUT.json.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, timedelta


def main(out: str, count: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobfair.settings")
    django.setup()

    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from rest_framework_simplejwt.tokens import AccessToken

    from accounts.models import JobSeeker, Role, User
    from accounts.validators import build_citizen_id
    from tests import factories

    call_command("migrate", interactive=False, verbosity=0)

    report_count = 3
    with transaction.atomic():
        ward = factories.ward()
        users = User.objects.bulk_create(
            [
                User(
                    username=f"topo.{n}@example.vn",
                    email=f"topo.{n}@example.vn",
                    verified_email=f"topo.{n}@example.vn",
                    verified_phone=f"+8498{n:07d}",  # the job seeker's phone below, confirmed: their SMS go out
                    role=Role.JOB_SEEKER,
                    password=make_password(None),  # no password: these people never sign in with one here
                )
                for n in range(count + report_count)
            ]
        )
        seekers = JobSeeker.objects.bulk_create(
            [
                JobSeeker(
                    user=user,
                    full_name=f"Nguyễn Thị Topo {n}",
                    sex="female",
                    date_of_birth=date(1999, 3, 8),
                    citizen_id=build_citizen_id(province_code="001", sex="female", birth_year=1999, serial=n),
                    phone=f"+8498{n:07d}",
                    email=user.email,
                    ward=ward,
                    notify_by_email=True,
                    notify_by_sms=n % 4 == 0,
                )
                for n, user in enumerate(users)
            ]
        )
        staff = factories.StaffFactory(username="can.bo.topo@example.vn", email="can.bo.topo@example.vn")
        device = TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)

        now = timezone.now().replace(microsecond=0)

        def session(capacity, days):
            venue = factories.VenueFactory(seat_capacity=max(capacity or 0, 600))
            return factories.JobSessionFactory(
                venue=venue,
                job_seeker_capacity=capacity,
                starts_at=now + timedelta(days=days),
                registration_opens_at=now - timedelta(days=1),
            )

        sessions = {
            "burst": session(500, 7).pk,
            "kill": session(500, 8).pk,
            "outage": session(None, 9).pk,
            "report": session(10, 10).pk,
        }

    def person(seeker):
        return {
            "id": seeker.pk,
            "user": seeker.user_id,
            "email": seeker.email,
            "sms": seeker.notify_by_sms,
            "token": str(AccessToken.for_user(seeker.user)),
        }

    for seeker, user in zip(seekers, users, strict=True):
        seeker.user = user
    data = {
        "sessions": sessions,
        "seekers": [person(seeker) for seeker in seekers[:count]],
        "report_seekers": [person(seeker) for seeker in seekers[count:]],
        "staff": {"username": staff.username, "password": "Mat-khau-2026", "totp_key": device.key},
    }
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(data, handle)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
