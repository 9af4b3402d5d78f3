"""The small demo (`seed_demo`, the default): a believable centre around today, written through the services."""

import random
import time as clock
from datetime import date, time, timedelta

from django.utils import timezone

from accounts import services as account_services
from accounts.models import (
    AdministrativeUnit,
    Cohort,
    ConsentPurpose,
    Employer,
    JobSeeker,
    Role,
    Sex,
    User,
    Verification,
)
from sessions import services
from sessions.demo.helpers import (
    DEMO_DOMAIN,
    HOUSEHOLD_BASE,
    SMALL_PERSON_BASE,
    SMALL_TAX_CURSOR,
    BoothStatus,
    Outcome,
    Pick,
    RegStatus,
    Result,
    demo_citizen_id,
    demo_tax_codes,
    local_at,
    lower_first,
    money,
)
from sessions.demo.people import (
    WardPool,
    ensure_demo_accounts,
    ensure_employer,
    make_person,
    person_email,
    vacancy_fields,
)
from sessions.demo.words import (
    ACCESSIBILITY,
    CENTRAL_FLOOR,
    CO_ORGANISERS,
    DEMO_EMPLOYER,
    EVIDENCE,
    JOB_DAY_VENUE,
    LINKED_FUTURE,
    LINKED_PAST,
    QUAL_RANK,
    SATELLITE_FLOORS,
    SMALL_EMPLOYERS,
    SMALL_EXTERNAL,
    TEMPLATES,
)
from sessions.models import (
    HiringOutcome,
    Interview,
    JobSession,
    Participation,
    PlanMetric,
    Registration,
    SessionFormat,
    SessionKind,
    Vacancy,
    Venue,
)

# The year's plan of the small demo (about what its past sessions achieve, so the shares land near 100%).
DEMO_PLAN = {
    PlanMetric.SESSIONS_HELD: 12,
    PlanMetric.EMPLOYER_PARTICIPATIONS: 180,
    PlanMetric.VACANCIES_TOTAL: 2_000,
    PlanMetric.JOB_SEEKERS_REGISTERED: 600,
    PlanMetric.JOB_SEEKERS_ATTENDED: 300,
    PlanMetric.INTERVIEWED: 240,
    PlanMetric.PASSED_AT_SESSION: 80,
    PlanMetric.STARTED_WORK: 60,
}


class SmallDemo:
    def __init__(self, *, seed: int, out):
        self.rng = random.Random(seed)
        self.out = out
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.marker_data = {}
        self.demo_past = self.demo_future = None
        self.session_ids = []
        self.started = clock.monotonic()

    def log(self, message: str):
        self.out(f"  {clock.monotonic() - self.started:6.1f} s  {message}")

    def build(self):
        self.wards = WardPool()
        self.cohorts = {cohort.code: cohort for cohort in Cohort.objects.all()}
        self.staff, self.employer_user, seeker_user = ensure_demo_accounts(self.wards, self.today)
        self.demo_employer = Employer.objects.get(pk=self.employer_user.employer_id)
        self.demo_seeker = seeker_user.job_seeker
        self._venues()
        self._employers_and_vacancies()
        self._job_seekers()
        self._cohort_memberships()
        vacancies = sum(len(v) for v in self.vacancies.values())
        self.log(f"{len(self.employers)} employers, {vacancies} vacancies, {len(self.seekers)} job seekers")
        self._past_sessions()
        self.log("past sessions held and completed, with attendance, interviews and outcomes")
        self._future_sessions()
        self.log("coming sessions published, with booth requests and registrations")
        self._plan_targets()
        self.log(f"plan targets for {self.today.year}")

    def _plan_targets(self):
        """The year's plan, sized to this demo's sessions, so the dashboard and the reports show the share achieved
        ("đạt …% kế hoạch")."""
        for metric, target in DEMO_PLAN.items():
            services.plan_target_set(
                year=self.today.year, metric=metric, target=target, actor=self.staff, note="Kế hoạch năm (dữ liệu mẫu)"
            )

    # reference rows -------------------------------------------------------------------------------------------

    def _venue(self, spec, kind) -> Venue:
        name, ward_name, address, booths, seats = spec
        venue, _created = Venue.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "address": address,
                "ward": self.wards.named(ward_name),
                "booth_count": int(booths),
                "seat_capacity": int(seats),
                "accessible": kind != Venue.Kind.EXTERNAL or int(booths) > 100,
                "accessibility_notes": "Lối đi cho xe lăn, thang máy, nhà vệ sinh cho người khuyết tật."
                if kind == Venue.Kind.CENTRAL_FLOOR
                else "",
            },
        )
        return venue

    def _venues(self):
        self.central = self._venue(CENTRAL_FLOOR, Venue.Kind.CENTRAL_FLOOR)
        self.satellites = [self._venue(spec, Venue.Kind.SATELLITE_FLOOR) for spec in SATELLITE_FLOORS[:5]]
        self.job_day_venue = self._venue(JOB_DAY_VENUE, Venue.Kind.EXTERNAL)
        self.externals = [self._venue(spec, Venue.Kind.EXTERNAL) for spec in SMALL_EXTERNAL]

    def _employers_and_vacancies(self):
        rng = self.rng
        tax_codes = demo_tax_codes(SMALL_TAX_CURSOR)
        self.employers = []
        for index, spec in enumerate(SMALL_EMPLOYERS):
            if spec is DEMO_EMPLOYER:
                self.employers.append(self.demo_employer)
                continue
            tax_code, form = next(tax_codes), spec[5]
            if form == "branch":
                tax_code = f"{tax_code}-001"
            elif form == "household":  # since 2025-07-01 a household business uses its owner's personal ID
                tax_code = demo_citizen_id(HOUSEHOLD_BASE + index, sex=Sex.FEMALE, birth_year=1968)
            employer = ensure_employer(spec, tax_code=tax_code, wards=self.wards, index=index)
            if spec[4] == "verified" and not employer.is_verified:
                employer = account_services.employer_verify(
                    employer=employer, actor=self.staff, decision=Verification.VERIFIED, note="Đã đối chiếu ĐKDN"
                )
            self.employers.append(employer)
        self.vacancies = {}  # employer id -> its open vacancies
        for number, employer in enumerate(self.employers):
            templates = TEMPLATES[employer.vsic_section]
            for template in rng.sample(templates, min(2 if number < 12 else 1, len(templates))):
                fields = vacancy_fields(
                    rng, template, employer_size=employer.workforce_size, ward=employer.ward, today=self.today
                )
                cohorts = fields.pop("_cohorts")
                vacancy = Vacancy.objects.create(employer=employer, **fields)
                vacancy.priority_cohorts.set([self.cohorts[code] for code in cohorts])
                self.vacancies.setdefault(employer.pk, []).append(vacancy)
        self.booth_employers = [e for e in self.employers if e.is_verified and self.vacancies.get(e.pk)]

    def _job_seekers(self):
        rng = self.rng
        self.seekers = [self.demo_seeker]
        shapes = [((19, 23), None)] * 30 + [((21, 27), Sex.MALE)] * 15 + [(None, None)] * 154
        for number, (band, sex) in enumerate(shapes):
            index = SMALL_PERSON_BASE + number
            person = make_person(rng, index, self.today, self.wards, age_band=band, sex=sex)
            user = None
            if rng.random() < 0.3:  # about a third signed up themselves; staff registered the others
                person["email"] = person_email(person, index)
                login = person["phone"] if rng.random() < 0.6 else person["email"]
                user = User(username=login, email=person["email"], phone=person["phone"], role=Role.JOB_SEEKER)
                # confirmed what they signed in with: the code sent to the phone, or the e-mail's link
                user.verified_phone, user.verified_email = (
                    (person["phone"], "") if login == person["phone"] else ("", person["email"])
                )
                user.set_unusable_password()
                user.save()
            actor = None if user else self.staff
            seeker = account_services.job_seeker_create(actor=actor, user=user, **person)
            account_services.consent_give(job_seeker=seeker, purpose=ConsentPurpose.TERMS, actor=actor)
            if user and rng.random() < 0.5:
                account_services.consent_give(job_seeker=seeker, purpose=ConsentPurpose.EMAIL, actor=None)
            self.seekers.append(seeker)

    def _cohort_memberships(self):
        rng = self.rng
        people = self.seekers[1:]
        age = {s.pk: (self.today - s.date_of_birth).days // 365 for s in people}
        wanted = {  # cohort -> (how many, who fits)
            "student_graduate": (16, lambda s: age[s.pk] <= 24 and QUAL_RANK[s.qualification] >= 3),
            "discharged_soldier": (9, lambda s: s.sex == Sex.MALE and 20 <= age[s.pk] <= 28),
            "police_completed_service": (5, lambda s: s.sex == Sex.MALE and 20 <= age[s.pk] <= 28),
            "part_time_worker": (8, lambda s: True),
            "unemployment_insurance": (10, lambda s: 25 <= age[s.pk] <= 50),
            "disabled": (9, lambda s: True),
            "released_prisoner": (5, lambda s: 24 <= age[s.pk] <= 50),
            "post_rehab": (5, lambda s: 22 <= age[s.pk] <= 45),
        }
        self.members = {}
        for code, (count, fits) in wanted.items():
            cohort = self.cohorts[code]
            candidates = [s for s in people if fits(s)]
            chosen = rng.sample(candidates, min(count, len(candidates)))
            for seeker in chosen:
                membership = account_services.cohort_membership_declare(
                    job_seeker=seeker,
                    cohort=cohort,
                    share_with_employers=rng.random() < (0.4 if cohort.sensitive else 0.8),
                    actor=self.staff,
                    evidence_note=EVIDENCE.get(code, ""),
                )
                if rng.random() < 0.7:
                    account_services.cohort_membership_verify(membership=membership, actor=self.staff)
                if code == "disabled":
                    flag = rng.choice(sorted(ACCESSIBILITY))
                    setattr(seeker, flag, True)
                    seeker.accessibility_needs = ACCESSIBILITY[flag]
                    seeker.save(update_fields=[flag, "accessibility_needs", "updated_at"])
            self.members[code] = chosen
        self.members["student_graduate"].insert(0, self.demo_seeker)

    # sessions -------------------------------------------------------------------------------------------------

    def _day(self, offset: int, weekdays=range(5)) -> date:
        """The working day `offset` days from today, moved away from today past weekends and holidays."""
        step = timedelta(days=1 if offset > 0 else -1)
        day = self.today + timedelta(days=offset)
        holidays = services.vietnamese_holidays(day - timedelta(days=40), day + timedelta(days=40))
        while day.weekday() not in weekdays or day in holidays:
            day += step
        return day

    def _create(self, *, title, kind, day, hours, venue=None, fmt=SessionFormat.IN_PERSON, opens_days=14, **fields):
        """session_create at a free slot: a past session moves earlier, a future one later, if the venue is taken."""
        step = timedelta(days=-1 if day < self.today else 1)
        starts, ends = local_at(day, hours[0]), local_at(day, hours[1])
        while venue is not None and services.venue_clashes(venue=venue, starts_at=starts, ends_at=ends).exists():
            starts, ends = starts + step, ends + step
        if fmt != SessionFormat.IN_PERSON:
            fields["online_url"] = f"https://truc-tuyen.{DEMO_DOMAIN}/phien/{starts:%Y%m%d}-{kind}"
        session = services.session_create(
            actor=self.staff,
            title=title,
            kind=kind,
            format=fmt,
            venue=venue,
            starts_at=starts,
            ends_at=ends,
            registration_opens_at=starts - timedelta(days=opens_days),
            **fields,
        )
        self.session_ids.append(session.pk)
        return session

    def _themed(self, code: str, *, day, venue, hours, cohort_only=False, **fields) -> JobSession:
        cohort = self.cohorts[code]
        return self._create(
            title=f"Phiên chuyên đề: việc làm cho {lower_first(cohort.name_vi)}",
            kind=SessionKind.THEMATIC,
            day=day,
            hours=hours,
            venue=venue,
            target_cohorts=[cohort],
            cohort_only=cohort_only,
            theme=cohort.name_vi,
            description=f"Phiên chuyên đề dành cho {lower_first(cohort.name_vi)}, có tư vấn chính sách việc làm.",
            **fields,
        )

    def _past_sessions(self):
        """A job day six weeks ago, weekly periodic sessions, a satellite, mobile, online and themed ones — all
        completed, with attendance, no-shows, interviews and outcomes."""
        rng, morning, afternoon = self.rng, (time(8), time(11, 30)), (time(13, 30), time(16, 30))
        dong_anh, ha_dong = self.satellites[0], self.satellites[1]
        past = [
            (
                self._create(
                    title="Ngày hội việc làm Hà Nội – Kết nối doanh nghiệp và người lao động",
                    kind=SessionKind.JOB_DAY,
                    day=self._day(-43, weekdays=(5,)),
                    hours=(time(7, 30), time(16, 30)),
                    venue=self.job_day_venue,
                    opens_days=21,
                    employer_capacity=150,
                    job_seeker_capacity=3000,
                    co_organisers=CO_ORGANISERS,
                    description="Ngày hội việc làm với hàng nghìn vị trí việc làm trong nước và đi làm việc ở nước ngoài.",  # noqa: E501
                ),
                110,
                18,
            )
        ]
        for weeks in (4, 3, 2, 1):
            day = self._day(-7 * weeks, weekdays=(1,))
            session = self._create(
                title=f"Phiên giao dịch việc làm định kỳ ngày {day:%d/%m/%Y}",
                kind=SessionKind.PERIODIC,
                day=day,
                hours=morning,
                venue=self.central,
                job_seeker_capacity=300,
            )
            past.append((session, rng.randint(24, 34), rng.randint(6, 8)))
        past.append(
            (
                self._create(
                    title="Phiên giao dịch việc làm vệ tinh Đông Anh",
                    kind=SessionKind.PERIODIC,
                    day=self._day(-10),
                    hours=morning,
                    venue=dong_anh,
                ),
                20,
                6,
            )
        )
        past.append(
            (
                self._create(
                    title="Phiên giao dịch việc làm lưu động xã Phù Đổng",
                    kind=SessionKind.MOBILE,
                    day=self._day(-12),
                    hours=morning,
                    venue=self.externals[0],
                    opens_days=10,
                    co_organisers="UBND xã Phù Đổng",
                ),
                24,
                6,
            )
        )
        past.append(
            (
                self._create(
                    title="Phiên giao dịch việc làm trực tuyến kết nối Hà Nội với Bắc Ninh, Hưng Yên, Thái Nguyên, Phú Thọ",  # noqa: E501
                    kind=SessionKind.ONLINE,
                    fmt=SessionFormat.ONLINE,
                    day=self._day(-5),
                    hours=(time(8, 30), time(11, 30)),
                    employer_capacity=120,
                    linked_provinces=AdministrativeUnit.objects.filter(code__in=LINKED_PAST),
                    co_organisers="Trung tâm Dịch vụ việc làm các tỉnh Bắc Ninh, Hưng Yên, Thái Nguyên, Phú Thọ",
                ),
                40,
                12,
            )
        )
        for code, offset, venue, hours, only, n_regs in (
            ("discharged_soldier", -18, self.central, afternoon, False, 16),
            ("unemployment_insurance", -9, self.central, afternoon, False, 18),
            ("disabled", -16, ha_dong, morning, True, 9),
        ):
            session = self._themed(code, day=self._day(offset), venue=venue, hours=hours, cohort_only=only)
            past.append((session, n_regs, 5))
        for session, n_regs, n_employers in sorted(past, key=lambda item: item[0].starts_at):
            self._run_past(session, n_regs=n_regs, n_employers=n_employers)

    def _future_sessions(self):
        """A weekly series at the central floor (published two weeks ahead, drafts after), a satellite session
        with a booth waitlist, themed sessions for the other cohorts (one full, with a waitlist), a mobile
        session, a cancelled one, an online one with linked provinces and per-employer rooms, and a job day."""
        rng, morning, afternoon = self.rng, (time(8), time(11, 30)), (time(13, 30), time(16, 30))
        _ha_dong, soc_son, long_bien, son_tay = self.satellites[1:5]
        _series, series_sessions = services.session_series_create(
            actor=self.staff,
            title="Phiên giao dịch việc làm định kỳ – Sàn Trung tâm",
            venue=self.central,
            weekdays=[1, 3],
            start_time=morning[0],
            end_time=morning[1],
            date_from=self.today + timedelta(days=1),
            date_to=self.today + timedelta(days=28),
            job_seeker_capacity=300,
        )
        self.session_ids += [session.pk for session in series_sessions]
        for session in series_sessions:
            if session.starts_at <= self.now + timedelta(days=14):
                self._run_future(session, n_regs=rng.randint(8, 16), approve=rng.randint(6, 8), pending=1)
        satellite = self._create(
            title="Phiên giao dịch việc làm vệ tinh Sóc Sơn",
            kind=SessionKind.PERIODIC,
            day=self._day(3),
            hours=morning,
            venue=soc_son,
            opens_days=10,
            employer_capacity=6,
        )
        self._run_future(satellite, n_regs=18, approve=8, pending=1)
        full = self._themed(
            "student_graduate", day=self._day(5), venue=self.central, hours=afternoon, job_seeker_capacity=40
        )
        self._run_future(full, n_regs=48, approve=8, pending=1, cancel=2)
        for code, offset, venue, hours, only in (
            ("police_completed_service", 8, long_bien, morning, False),
            ("part_time_worker", 11, self.central, afternoon, False),
            ("released_prisoner", 13, self.satellites[1], morning, True),
            ("post_rehab", 15, son_tay, morning, True),
        ):
            session = self._themed(
                code, day=self._day(offset), venue=venue, hours=hours, cohort_only=only, opens_days=20
            )
            self._run_future(session, n_regs=4 if only else 12, approve=5, pending=1)
        mobile = self._create(
            title="Phiên giao dịch việc làm lưu động xã Ba Vì",
            kind=SessionKind.MOBILE,
            day=self._day(6),
            hours=morning,
            venue=self.externals[1],
            opens_days=10,
            co_organisers="UBND xã Ba Vì",
        )
        self._run_future(mobile, n_regs=15, approve=6, pending=0)
        cancelled = self._create(
            title="Phiên giao dịch việc làm lưu động xã Thường Tín",
            kind=SessionKind.MOBILE,
            day=self._day(9),
            hours=morning,
            venue=self.externals[2],
            opens_days=12,
            co_organisers="UBND xã Thường Tín",
        )
        self._run_future(cancelled, n_regs=6, approve=3, pending=0)
        services.session_cancel(
            session=cancelled,
            actor=self.staff,
            reason="Hoãn do dự báo mưa lớn kéo dài; Trung tâm sẽ thông báo lịch tổ chức mới.",
        )
        online = self._create(
            title="Phiên giao dịch việc làm trực tuyến kết nối Hà Nội với TP. Hồ Chí Minh, Đà Nẵng, Thanh Hóa, Nghệ An",
            kind=SessionKind.ONLINE,
            fmt=SessionFormat.ONLINE,
            day=self._day(4),
            hours=(time(8, 30), time(11, 30)),
            opens_days=10,
            employer_capacity=120,
            linked_provinces=AdministrativeUnit.objects.filter(code__in=LINKED_FUTURE),
            co_organisers="Trung tâm Dịch vụ việc làm TP. Hồ Chí Minh, Đà Nẵng, Thanh Hóa, Nghệ An",
        )
        self._run_future(online, n_regs=30, approve=12, pending=2)
        job_day = self._create(
            title="Ngày hội việc làm Hà Nội – Việc làm cho thanh niên",
            kind=SessionKind.JOB_DAY,
            fmt=SessionFormat.HYBRID,
            day=self._day(20, weekdays=(5,)),
            hours=(time(7, 30), time(16, 30)),
            venue=self.job_day_venue,
            opens_days=21,
            employer_capacity=150,
            job_seeker_capacity=3000,
            co_organisers=CO_ORGANISERS,
            target_cohorts=[self.cohorts["student_graduate"], self.cohorts["discharged_soldier"]],
        )
        self._run_future(job_day, n_regs=80, approve=16, pending=5)

    # what happens at a session -----------------------------------------------------------------------------

    def _people_for(self, session: JobSession, count: int) -> list[JobSeeker]:
        members = [s for cohort in session.target_cohorts.all() for s in self.members.get(cohort.code, [])]
        members = list(dict.fromkeys(members))
        if session.cohort_only:
            return self.rng.sample(members, min(count, len(members)))
        chosen = self.rng.sample(members, min(len(members), count // 2))
        others = [s for s in self.seekers if s not in chosen]
        return chosen + self.rng.sample(others, count - len(chosen))

    def _booth_employers(self, session: JobSession, count: int) -> list[Employer]:
        employers = self.rng.sample(self.booth_employers, min(count, len(self.booth_employers)))
        if self.demo_employer not in employers and session.kind in (SessionKind.PERIODIC, SessionKind.JOB_DAY):
            employers[0] = self.demo_employer
        return employers

    def _brought(self, employer: Employer) -> list[Vacancy]:
        vacancies = self.vacancies[employer.pk]
        return self.rng.sample(vacancies, self.rng.randint(1, len(vacancies)))

    def _source(self, seeker: JobSeeker) -> str:
        if seeker.user_id:
            return Registration.Source.ONLINE
        return Registration.Source.STAFF if self.rng.random() < 0.8 else Registration.Source.IMPORT

    def _actor_for(self, employer_id: int) -> User:
        return self.employer_user if employer_id == self.demo_employer.pk else self.staff

    def _run_past(self, session: JobSession, *, n_regs: int, n_employers: int):
        rng, staff = self.rng, self.staff
        session = services.session_publish(session=session, actor=staff, now=session.registration_opens_at)
        opens, starts, ends = session.registration_opens_at, session.starts_at, session.ends_at
        online = session.format == SessionFormat.ONLINE
        # Booths were decided before the day (participation_apply refuses a session that has ended).
        offered = []
        for number, employer in enumerate(self._booth_employers(session, n_employers), start=1):
            booth = Participation.objects.create(
                session=session,
                employer=employer,
                status=BoothStatus.APPROVED,
                booth_label=f"{number:02d}",
                attended=True,
                decided_at=opens + timedelta(days=2),
                decided_by=staff,
                applied_by=self._actor_for(employer.pk),
                online_room_url=f"https://phongvan.{DEMO_DOMAIN}/{session.code}/gian-{number:02d}" if online else "",
            )
            brought = self._brought(employer)
            booth.vacancies.set(brought)
            offered += brought
        Participation.objects.filter(session=session).update(created_at=opens + timedelta(days=1))
        # Registrations at their own moments inside the window, front-loaded after opening.
        people = self._people_for(session, n_regs)
        if session.venue == self.central and session.kind == SessionKind.PERIODIC and not self.demo_past:
            self.demo_past = session  # the demo job seeker's own story: registered, interviewed, started work
            people = [self.demo_seeker, *[p for p in people if p != self.demo_seeker]][: len(people)]
        moments = sorted(opens + (starts - opens) * rng.random() ** 2 for _ in people)
        registrations = []
        for seeker, moment in zip(people, moments, strict=True):
            registration, _created = services.registration_create(
                session=session,
                job_seeker=seeker,
                actor=None if seeker.user_id else staff,
                source=self._source(seeker),
                vacancies=rng.sample(offered, rng.randint(0, min(2, len(offered)))),
                now=moment,
            )
            registrations.append(registration)
        # The day: check-ins at the desk and a few walk-ins (in person); online, those who joined the rooms.
        present = [
            r
            for r in registrations
            if r.status == RegStatus.CONFIRMED and (rng.random() < 0.72 or r.job_seeker_id == self.demo_seeker.pk)
        ]
        if not online and not session.cohort_only:
            for seeker in rng.sample([s for s in self.seekers if s not in people], 3):
                walk_in, _created = services.registration_create(
                    session=session,
                    job_seeker=seeker,
                    actor=staff,
                    source=Registration.Source.WALK_IN,
                    now=starts + timedelta(minutes=rng.randint(20, 150)),
                )
                if walk_in.status == RegStatus.CONFIRMED:
                    present.append(walk_in)
        # Check-in closes at the end; the latest minute inside a short (online) session is its last one.
        last_minute = min(180, int((ends - starts).total_seconds() // 60) - 1)
        for registration in present:  # at the desk, or (online) on joining the interview rooms
            moment = starts + timedelta(minutes=rng.randint(0, last_minute))
            if registration.source == Registration.Source.WALK_IN:
                moment = registration.confirmed_at  # checked in as they registered
            services.registration_check_in(code=registration.check_in_code, actor=staff, now=moment)
        # Interviews at the booths, then what came of them.
        for registration in present:
            is_demo = registration.job_seeker_id == self.demo_seeker.pk
            if rng.random() > 0.8 and not is_demo:
                continue
            interest = list(registration.vacancies.all()) or rng.sample(offered, 1)
            for number, vacancy in enumerate(interest[: rng.randint(1, 2)]):
                result = Pick(
                    [(Result.PASSED, 36), (Result.FAILED, 40), (Result.SECOND_ROUND, 12), (Result.PENDING, 12)]
                )(rng)
                if is_demo:
                    result = Result.PASSED if number == 0 else Result.FAILED
                elif number and result == Result.PASSED:
                    result = Result.FAILED
                actor = self._actor_for(vacancy.employer_id)
                interview, _created = services.interview_record(
                    registration=registration, vacancy=vacancy, actor=actor, result=result
                )
                self._outcome(interview, vacancy, session, actor, is_demo=is_demo)
        services.session_complete(session=session, actor=staff)
        # The services stamped "now": put the rows back at the moments they happened.
        JobSession.objects.filter(pk=session.pk).update(
            created_at=opens - timedelta(days=3),
            published_at=opens - timedelta(days=1),
            completed_at=ends + timedelta(hours=1),
            updated_at=ends + timedelta(hours=1),
        )
        Interview.objects.filter(registration__session=session).update(
            created_at=starts + timedelta(hours=1), updated_at=starts + timedelta(hours=1)
        )
        rows = list(Registration.objects.filter(session=session))
        for row in rows:
            row.created_at = row.confirmed_at or row.created_at
            row.updated_at = max(row.created_at, row.checked_in_at or ends)
        Registration.objects.bulk_update(rows, ["created_at", "updated_at"])

    def _outcome(self, interview: Interview, vacancy: Vacancy, session: JobSession, actor: User, *, is_demo: bool):
        rng = self.rng
        if interview.result == Result.PASSED:
            status = (
                Outcome.STARTED
                if is_demo
                else Pick([(Outcome.STARTED, 72), (Outcome.OFFERED, 14), (Outcome.DECLINED, 14)])(rng)
            )
        elif interview.result == Result.SECOND_ROUND and rng.random() < 0.6:
            status = rng.choice((Outcome.OFFERED, Outcome.NOT_HIRED))
        elif interview.result == Result.FAILED and rng.random() < 0.3:
            status = Outcome.NOT_HIRED
        else:
            return  # no outcome reported yet: the employer gets the outcome-report request
        salary = None
        if status in (Outcome.STARTED, Outcome.OFFERED) and vacancy.salary_min and vacancy.salary_max:
            salary = money(rng.uniform(vacancy.salary_min, vacancy.salary_max) / 1e6)
        start_date = None
        if status == Outcome.STARTED:
            start_date = timezone.localdate(session.starts_at) + timedelta(days=rng.randint(3, 14))
            if start_date > self.today:
                status = Outcome.OFFERED  # hired, to start on a day still to come
        outcome, _created = services.hiring_outcome_record(
            interview=interview, actor=actor, status=status, start_date=start_date, monthly_salary=salary
        )
        reported = min(session.ends_at + timedelta(days=rng.randint(2, 10)), self.now)
        HiringOutcome.objects.filter(pk=outcome.pk).update(reported_at=reported, created_at=reported)
        if start_date and (self.today - start_date).days >= 30:
            services.hiring_outcome_follow_up(
                outcome=outcome, actor=self.staff, days=30, still_employed=rng.random() < 0.85
            )

    def _run_future(self, session: JobSession, *, n_regs: int, approve: int, pending: int, cancel: int = 1):
        rng, staff = self.rng, self.staff
        session = services.session_publish(session=session, actor=staff)
        for number, employer in enumerate(self._booth_employers(session, approve + pending)):
            booth, _created = services.participation_apply(
                session=session,
                employer=employer,
                vacancies=self._brought(employer),
                actor=self._actor_for(employer.pk),
            )
            if number < approve:  # the rest stay pending: booth requests for staff to decide
                booth = services.participation_approve(participation=booth, actor=staff)
                if session.format == SessionFormat.ONLINE and booth.status == BoothStatus.APPROVED:
                    booth.online_room_url = f"https://phongvan.{DEMO_DOMAIN}/{session.code}/gian-{booth.booth_label}"
                    booth.save(update_fields=["online_room_url", "updated_at"])
        if session.registration_opens_at > self.now:
            return
        offered = list(
            Vacancy.objects.filter(participations__session=session, participations__status=BoothStatus.APPROVED)
        )
        people = self._people_for(session, n_regs)
        if session.kind == SessionKind.JOB_DAY or (session.series_id and not self.demo_future):
            self.demo_future = self.demo_future or session
            people = [self.demo_seeker, *[p for p in people if p != self.demo_seeker]]
        registrations = []
        for seeker in people:
            registration, _created = services.registration_create(
                session=session,
                job_seeker=seeker,
                actor=None if seeker.user_id else staff,
                source=self._source(seeker),
                vacancies=rng.sample(offered, rng.randint(0, min(2, len(offered)))),
            )
            registrations.append(registration)
        confirmed = [r for r in registrations if r.status == RegStatus.CONFIRMED and r.job_seeker != self.demo_seeker]
        for registration in rng.sample(confirmed, min(cancel, len(confirmed))):
            services.registration_cancel(registration=registration, actor=registration.job_seeker.user or staff)
