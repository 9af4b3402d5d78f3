"""Bulk demo data (`--scale hanoi-year`, `--profile …`): the targets of a `Profile` met exactly, bulk_create in
batches, the invariants kept by construction."""

import calendar
import random
import time as clock
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db.models import Sum
from django.utils import timezone

from accounts import services as account_services
from accounts.models import (
    AdministrativeUnit,
    Cohort,
    CohortMembership,
    ConsentPurpose,
    ConsentRecord,
    Employer,
    JobSeeker,
    Role,
    Sex,
    User,
    Verification,
)
from jobfair.text import fold_for_search
from sessions import services
from sessions.demo.helpers import (
    DEMO_DOMAIN,
    EMPLOYER_PHONE_OFFSET,
    SMALL_PERSON_BASE,
    BoothStatus,
    Outcome,
    Pick,
    RegStatus,
    Result,
    apportion,
    apportion_capped,
    demo_phone,
    demo_tax_codes,
    explicit_timestamps,
    local_at,
    lower_first,
    money,
    slug,
    weighted,
    words,
    working_days,
)
from sessions.demo.people import WardPool, ensure_demo_accounts, make_person, person_email, person_name, vacancy_fields
from sessions.demo.words import CENTRAL_FLOOR, CO_ORGANISERS, EVIDENCE, JOB_DAY_VENUE, SATELLITE_FLOORS, TEMPLATES
from sessions.models import (
    HiringOutcome,
    Interview,
    JobSession,
    Participation,
    Registration,
    SessionCodeCounter,
    SessionFormat,
    SessionKind,
    SessionSeries,
    SessionStatus,
    Vacancy,
    Venue,
    new_check_in_code,
    new_short_code,
)

# Jan–Sep 2024 (193 sessions, 5,707 booths, 108,673 vacancies, 39,438 interviewed, 13,571 hired) scaled to twelve
# months, with about 150,000 registrations holding a seat and the usual mix of session kinds.
YEAR_SESSIONS = {"central": 100, "satellite": 84, "mobile": 28, "thematic": 24, "online": 22, "job_day": 4}
YEAR_CANCELLED = 3
YEAR_TARGETS = {
    "participations": 7_600,
    "places": 145_000,
    "seats": 150_000,
    "interviewed": 52_000,
    "passed": 18_600,
    "started": 18_000,
    "employers": 4_000,
    "job_seekers": 110_000,
}


@dataclass(frozen=True)
class Profile:
    """What the bulk generator (`HanoiYear`) distributes: sessions per kind (plus cancelled ones, which count for
    nothing in the reports), report targets and a period inside one calendar year (`year` None: the --year option,
    by default last year)."""

    name: str
    sessions: dict[str, int]
    cancelled: int
    targets: dict[str, int]
    first_month: int = 1
    last_month: int = 12
    year: int | None = None
    attendance: tuple[float, float] = (0.56, 0.68)  # share of the seat-holders who come, per session
    notes: str = field(default="", compare=False)

    def period(self, year: int) -> tuple[date, date]:
        return date(year, self.first_month, 1), date(
            year, self.last_month, calendar.monthrange(year, self.last_month)[1]
        )

    def scaled(self, fraction: float) -> dict[str, int]:
        """The targets at a fraction, met exactly; `sessions` is the number of sessions held."""
        targets = {key: max(1, round(value * fraction)) for key, value in self.targets.items()}
        targets["employers"] = max(200, targets["employers"])  # enough for a big session
        targets["sessions"] = sum(max(1, round(n * fraction)) for n in self.sessions.values())
        return targets


HANOI_YEAR = Profile("hanoi-year", YEAR_SESSIONS, YEAR_CANCELLED, YEAR_TARGETS)
PROFILES = {
    # The centre's published figures for 1 January – 30 September 2024: 193 sessions, 5,707 employer
    # participations, 108,673 vacancies, 39,438 people interviewed, 13,571 passed at the session. Seats (about 1.3×
    # the interviewed) and starts (about 0.95× the passed) are not published: plausible values.
    "hanoi-2024-jan-sep": Profile(
        "hanoi-2024-jan-sep",
        sessions={"central": 73, "satellite": 62, "mobile": 21, "thematic": 18, "online": 16, "job_day": 3},
        cancelled=2,
        targets={
            "participations": 5_707,
            "places": 108_673,
            "seats": 51_270,
            "interviewed": 39_438,
            "passed": 13_571,
            "started": 12_892,
            "employers": 3_000,
            "job_seekers": 82_000,
        },
        first_month=1,
        last_month=9,
        year=2024,
        attendance=(0.80, 0.88),
    ),
}
# kind: (booths per session, seat-holders per session, job-seeker capacity or None for unlimited)
KIND_SIZES = {
    "central": (7, 480, 600),
    "satellite": (7, 250, 320),
    "mobile": (20, 330, 500),
    "thematic": (15, 280, 450),
    "online": (200, 1500, None),
    "job_day": (250, 6200, 8000),
}
SECTION_MIX = weighted(
    "C 30, G 14, H 8, I 8, F 8, J 6, N 8, K 4, M 4, P 3, Q 3, L 2, E 1, D 0.5, A 0.5, B 0.3, R 0.7, S 1"
)
FIELD_WORDS = {
    "C": "Điện tử|May mặc|Cơ khí Chính xác|Nhựa|Bao bì|Thực phẩm|Dược phẩm|Nội thất|Giày da|Linh kiện Ô tô",
    "F": "Xây dựng|Xây lắp|Đầu tư Xây dựng|Cơ điện|Kết cấu Thép",
    "G": "Thương mại|Thương mại Dịch vụ|Phân phối|Bán lẻ|Ô tô",
    "H": "Vận tải|Logistics|Giao nhận|Chuyển phát Nhanh|Taxi",
    "I": "Khách sạn|Nhà hàng|Ẩm thực|Dịch vụ Ăn uống",
    "J": "Công nghệ|Phần mềm|Truyền thông|Giải pháp Số|Viễn thông",
    "K": "Bảo hiểm|Tài chính|Chứng khoán",
    "L": "Bất động sản|Địa ốc|Quản lý Tòa nhà",
    "M": "Tư vấn|Kiểm toán|Thiết kế Kiến trúc|Kỹ thuật",
    "N": "Dịch vụ Bảo vệ|Vệ sinh Công nghiệp|Cung ứng Nhân lực|Dịch vụ Văn phòng",
    "P": "Giáo dục|Đào tạo|Ngoại ngữ",
    "Q": "Y tế|Phòng khám Đa khoa|Dược",
    "E": "Môi trường|Nước sạch",
    "D": "Năng lượng|Điện lực",
    "A": "Nông nghiệp|Nông sản",
    "B": "Khoáng sản|Vật liệu Xây dựng",
    "R": "Giải trí|Sự kiện|Thể thao",
    "S": "Dịch vụ Gia đình|Sửa chữa Điện máy|Giặt là",
}
BRAND_A = words(
    "An Bình Đại Hòa Hồng Hưng Kim Minh Nam Phú Phúc Quang Sao Tân Thăng Thành Thiên Trường Việt Đông Hà Hải"
)
BRAND_B = words("Phát Thịnh Long Hưng Thành An Việt Minh Khang Lộc Tiến Đạt Hà Sơn Quang Nam Phong Tín Bình Dương")
FOREIGN = (
    (words("Kyo Taka Naka Hiro Sumi Yama Matsu Fuji Kawa Toyo"), words("shin sei tec den wa moto kou")),
    (words("Dae Hyo Shin Seo Han Kum Jin"), words("yang won sung il woo hwa")),
)
SIZES = {
    "state": weighted("201-500 3, 501-1000 3, 1001-3000 2"),
    "non_state": weighted("<10 4, 10-50 22, 51-100 20, 101-200 20, 201-500 18, 501-1000 10, 1001-3000 5, 3001-10000 1"),
    "fdi": weighted("101-200 10, 201-500 25, 501-1000 30, 1001-3000 25, 3001-10000 10"),
}
VACANCIES_PER_EMPLOYER = weighted("1 20, 2 35, 3 30, 4 15", cast=int)
VACANCIES_PER_BOOTH = weighted("1 40, 2 35, 3 18, 4 7", cast=int)
INTERVIEWS_PER_PERSON = weighted("1 70, 2 25, 3 5", cast=int)
OTHER_RESULTS = weighted("failed 80, second_round 15, pending 5")
JOB_DAY_TITLES = (
    "Ngày hội việc làm sau Tết",
    "Ngày hội việc làm cho sinh viên tốt nghiệp",
    "Ngày hội việc làm kết nối cung – cầu lao động",
    "Ngày hội việc làm cuối năm",
)
CANCEL_REASON = "Hoãn do ảnh hưởng của bão; Trung tâm sẽ thông báo lịch tổ chức mới."


class HanoiYear:
    BATCH = 2_000
    FLUSH_REGISTRATIONS = 20_000
    PEOPLE_CHUNK = 10_000

    def __init__(self, *, seed: int, fraction: float, year: int | None, out, profile: Profile = HANOI_YEAR):
        self.rng = random.Random(seed)
        self.seed = seed
        self.fraction = fraction
        self.out = out
        self.profile = profile
        self.today = timezone.localdate()
        if profile.year is not None and year not in (None, profile.year):
            raise ValueError(f"The profile {profile.name} is of {profile.year}: leave --year out.")
        self.year = profile.year or year or self.today.year - 1
        self.date_from, self.date_to = profile.period(self.year)
        if self.date_to >= self.today:
            raise ValueError(f"The {profile.name} data is of a past period: choose a year before this one.")
        if not 0 < fraction <= 1:
            raise ValueError("The fraction must be in (0, 1].")
        self.targets = profile.scaled(fraction)
        self.marker_data = {"year": self.year, "fraction": fraction, "profile": profile.name}
        self.session_ids = []  # bulk rows write no notices
        self.started = clock.monotonic()

    def log(self, message: str):
        self.out(f"  {clock.monotonic() - self.started:6.1f} s  {message}")

    def build(self):
        self.wards = WardPool()
        self.cohorts = {cohort.code: cohort for cohort in Cohort.objects.all()}
        self.staff, _employer_user, _seeker_user = ensure_demo_accounts(self.wards, self.today)
        self._venues()
        self._plan_sessions()
        self._plan_employers_and_booths()
        self._plan_people()
        models = (Employer, JobSeeker, CohortMembership, Vacancy, JobSession, Participation, Registration, Interview)
        with explicit_timestamps(*models, HiringOutcome):
            self._insert_employers_and_vacancies()
            self._insert_sessions_and_booths()
            self._insert_job_seekers()
            self._insert_registrations()
            self._insert_memberships()
        self._report()

    # venues and the calendar ---------------------------------------------------------------------------------

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
                "accessible": kind != Venue.Kind.EXTERNAL,
            },
        )
        return venue

    def _venues(self):
        self.central = self._venue(CENTRAL_FLOOR, Venue.Kind.CENTRAL_FLOOR)
        self.satellites = [self._venue(spec, Venue.Kind.SATELLITE_FLOOR) for spec in SATELLITE_FLOORS]
        self.job_day_venue = self._venue(JOB_DAY_VENUE, Venue.Kind.EXTERNAL)
        communes = [unit for unit in self.wards.units if unit.unit_type == "xã"]
        chosen = sorted(random.Random(self.seed).sample(communes, 20), key=lambda unit: unit.code)
        self.mobile_venues = [
            self._venue(
                (f"Nhà văn hóa {lower_first(unit.name)}", unit.name, "Trung tâm văn hóa – thể thao", "25", "500"),
                Venue.Kind.EXTERNAL,
            )
            for unit in chosen
        ]
        # Sessions already booked (the small demo, real ones) keep their slots: the new ones go around them.
        self.booked = {}
        year_start = local_at(self.date_from, time(0))
        year_end = local_at(self.date_to + timedelta(days=1), time(0))
        for venue_id, starts_at, ends_at in (
            JobSession.objects.filter(venue__isnull=False, starts_at__lt=year_end, ends_at__gt=year_start)
            .exclude(status=SessionStatus.CANCELLED)
            .values_list("venue_id", "starts_at", "ends_at")
        ):
            self.booked.setdefault(venue_id, []).append((starts_at, ends_at))

    def _free(self, venue: Venue | None, starts: datetime, ends: datetime) -> bool:
        return venue is None or all(not (s < ends and starts < e) for s, e in self.booked.get(venue.pk, ()))

    def _place(self, kind, days, count, hours, venues, **extra) -> list[dict]:
        """Spread `count` sessions evenly over the candidate days; a busy venue takes the next free day."""
        planned = []
        for i in range(count):
            venue = venues[i % len(venues)] if venues else None
            position = int((i + 0.5) * len(days) / count)
            for step in range(len(days)):
                day = days[(position + step) % len(days)]
                starts, ends = local_at(day, hours[0]), local_at(day, hours[1])
                if self._free(venue, starts, ends):
                    break
            else:
                continue
            if venue is not None:
                self.booked.setdefault(venue.pk, []).append((starts, ends))
            planned.append({"kind": kind, "venue": venue, "starts": starts, "ends": ends, **extra})
        return planned

    def _plan_sessions(self):
        rng, year = self.rng, self.year
        counts = {kind: max(1, round(n * self.fraction)) for kind, n in self.profile.sessions.items()}
        first, last = self.date_from + timedelta(days=1), self.date_to - timedelta(days=1)
        workdays = working_days(first, last)
        saturdays = working_days(first, last, weekdays=(5,))
        morning, afternoon = (time(8), time(11, 30)), (time(13, 30), time(16, 30))
        tue_thu = [d for d in workdays if d.weekday() in (1, 3)]
        mon_wed_fri = [d for d in workdays if d.weekday() in (0, 2, 4)]
        wed_fri = [d for d in workdays if d.weekday() in (2, 4)]
        job_days = [d for d in saturdays if d.month in (2, 3, 5, 6, 9, 10, 11, 12)]
        plan = [
            *self._place("central", tue_thu, counts["central"], morning, [self.central]),
            *self._place("satellite", mon_wed_fri, counts["satellite"], morning, self.satellites),
            *self._place("mobile", workdays, counts["mobile"], morning, self.mobile_venues),
            *self._place("thematic", workdays, counts["thematic"], afternoon, [self.central, *self.satellites[:3]]),
            *self._place("online", wed_fri, counts["online"], (time(8, 30), time(11, 30)), []),
            *self._place("job_day", job_days, counts["job_day"], (time(7, 30), time(16, 30)), [self.job_day_venue]),
        ]
        n_cancelled = round(self.profile.cancelled * self.fraction)
        cancelled = self._place(
            "satellite", workdays[150:200], n_cancelled, afternoon, self.satellites[5:], cancelled=True
        )
        for item in cancelled:  # a cancelled session does not hold its slot
            self.booked[item["venue"].pk].remove((item["starts"], item["ends"]))
        plan = sorted([*plan, *cancelled], key=lambda item: (item["starts"], item["kind"]))
        cohorts = list(self.cohorts.values())
        provinces = list(AdministrativeUnit.objects.filter(level="province").exclude(code="01").order_by("code"))
        themed = 0
        for item in plan:
            booths, seats, capacity = KIND_SIZES[item["kind"]]
            held = not item.get("cancelled")
            item.update(
                weight_booths=booths * rng.uniform(0.8, 1.2) * held,
                weight_seats=seats * rng.uniform(0.8, 1.2) * held,
                capacity=capacity,
                cohort=None,
                provinces=[],
            )
            if item["kind"] == "thematic":
                item["cohort"] = cohorts[themed % len(cohorts)]
                themed += 1
                if item["cohort"].sensitive:
                    item["weight_seats"] *= 0.5
            elif item["kind"] == "online":
                item["provinces"] = rng.sample(provinces, rng.randint(2, 5))
        self.plan = plan
        self.held = [item for item in plan if not item.get("cancelled")]
        if len(self.held) != self.targets["sessions"]:
            raise ValueError(f"No free slot for {self.targets['sessions'] - len(self.held)} of the sessions.")
        self.log(f"{len(plan)} sessions planned in {year} ({len(plan) - len(self.held)} of them cancelled)")

    # employers, vacancies and booths (planned in memory first) ------------------------------------------------

    def _employer_name(self, section: str, ownership: str, used: set) -> str:
        rng = self.rng
        for _attempt in range(20):
            if ownership == "fdi":
                first, second = FOREIGN[0] if rng.random() < 0.6 else FOREIGN[1]
                name = f"Công ty TNHH {rng.choice(first)}{rng.choice(second)} {rng.choice(('Việt Nam', 'Vina'))}"
            else:
                form = "Công ty TNHH MTV" if ownership == "state" else rng.choice(("Công ty TNHH", "Công ty Cổ phần"))
                field = rng.choice(FIELD_WORDS[section].split("|"))
                name = f"{form} {field} {rng.choice(BRAND_A)} {rng.choice(BRAND_B)}"
            if name not in used:
                break
        used.add(name)
        return name

    def _plan_employers_and_booths(self):
        rng, today = self.rng, self.today
        tax_codes = demo_tax_codes(0)
        used_names = set(Employer.objects.values_list("name", flat=True))
        self.employers, self.vacancy_plans, employer_vacancies = [], [], []
        for index in range(self.targets["employers"]):
            section = SECTION_MIX(rng)
            ownership = Pick([("non_state", 80), ("fdi", 15 if section in "CJG" else 3), ("state", 5)])(rng)
            size = SIZES[ownership](rng)
            name, tax_code = self._employer_name(section, ownership, used_names), next(tax_codes)
            if rng.random() < 0.05:
                tax_code, name = f"{tax_code}-{rng.randint(1, 20):03d}", f"{name} – Chi nhánh Hà Nội"
            verification = Pick([(Verification.VERIFIED, 97), (Verification.PENDING, 2), (Verification.REJECTED, 1)])(
                rng
            )
            decided = verification != Verification.PENDING
            ward, products = self.wards.pick(rng), FIELD_WORDS[section].split("|")[0]
            joined = local_at(self.date_from, time(9)) - timedelta(days=rng.randint(30, 900))
            self.employers.append(
                Employer(
                    name=name,
                    tax_code=tax_code,
                    ownership=ownership,
                    vsic_section=section,
                    main_products=products,
                    workforce_size=size,
                    address=f"Số {rng.randint(1, 300)} đường {rng.choice(BRAND_A)} {rng.choice(BRAND_B)}",
                    ward=ward,
                    phone=demo_phone(EMPLOYER_PHONE_OFFSET + index),
                    email=f"tuyendung@{slug(name)[:40]}{index}.{DEMO_DOMAIN}",
                    contact_name=person_name(rng, rng.choice((Sex.MALE, Sex.FEMALE)), rng.randint(1970, 1998)),
                    verification=verification,
                    verification_note="Đã đối chiếu giấy chứng nhận ĐKDN" if decided else "",
                    verified_by=self.staff if decided else None,
                    verified_at=joined + timedelta(days=2) if decided else None,
                    search_text=fold_for_search(f"{name} {tax_code} {products}"),
                    created_at=joined,
                    updated_at=joined + timedelta(days=2),
                )
            )
            count = min(len(TEMPLATES[section]), VACANCIES_PER_EMPLOYER(rng))
            mine = [
                {"employer": index, "uses": 0, **vacancy_fields(rng, t, employer_size=size, ward=ward, today=today)}
                for t in rng.sample(TEMPLATES[section], count)
            ]
            self.vacancy_plans += mine
            employer_vacancies.append(mine)
        verified = [i for i, e in enumerate(self.employers) if e.verification == Verification.VERIFIED]
        # Booths per session adding up to the target; regular employers come more often.
        shares = apportion_capped(
            self.targets["participations"],
            [item["weight_booths"] for item in self.plan],
            [len(verified) // 2] * len(self.plan),
        )
        for item, count in zip(self.plan, shares, strict=True):
            item["booths"] = []
            if item.get("cancelled") or not count:
                continue
            if count > len(verified) // 4:
                chosen = rng.sample(verified, count)
            else:
                chosen_set = set()
                while len(chosen_set) < count:
                    chosen_set.add(verified[int(len(verified) * rng.random() ** 1.8)])
                chosen = sorted(chosen_set)
                rng.shuffle(chosen)
            for employer_index in chosen:
                vacancies = employer_vacancies[employer_index]
                brought = rng.sample(vacancies, min(len(vacancies), VACANCIES_PER_BOOTH(rng)))
                for vacancy in brought:
                    vacancy["uses"] += 1
                item["booths"].append((employer_index, brought))
        # Scale the places so that approved booths offer the target number of vacancies over the year.
        used = [v for v in self.vacancy_plans if v["uses"]]
        factor = self.targets["places"] / max(1, sum(v["uses"] * v["quantity"] for v in used))
        for vacancy in used:
            vacancy["quantity"] = max(1, round(vacancy["quantity"] * factor))
        diff = self.targets["places"] - sum(v["uses"] * v["quantity"] for v in used)
        by_uses = sorted(used, key=lambda v: v["uses"])  # one place more or less where it counts once first
        while diff:
            changed = False
            for vacancy in by_uses:
                if vacancy["uses"] <= abs(diff) and (diff > 0 or vacancy["quantity"] > 1):
                    step = 1 if diff > 0 else -1
                    vacancy["quantity"] += step
                    diff -= step * vacancy["uses"]
                    changed = True
                    if not diff:
                        break
            if not changed:
                raise ValueError("Cannot bring exactly the vacancies target.")
        for vacancy in self.vacancy_plans:
            vacancy["description"] = f"Tuyển {vacancy['quantity']} {lower_first(vacancy['title'])}."
        self.log(f"{len(self.employers):,} employers, {len(self.vacancy_plans):,} vacancies planned")

    def _plan_people(self):
        """Seats, attendance, interviews, passes and starts per session, adding up to the yearly targets."""
        rng, held = self.rng, self.held
        seats = apportion(self.targets["seats"], [item["weight_seats"] for item in held])
        overflow = 0
        for item, share in zip(held, seats, strict=True):
            if item["capacity"] is not None and share > item["capacity"]:
                overflow, share = overflow + share - item["capacity"], item["capacity"]
            item["seats"] = share
        unlimited = [item for item in held if item["capacity"] is None] or held
        for item, extra in zip(unlimited, apportion(overflow, [1] * len(unlimited)), strict=True):
            item["seats"] += extra
        for item in held:
            full = item["kind"] in ("central", "satellite") and rng.random() < 0.08
            if full:  # a full session: every seat taken and a waitlist left over
                item["capacity"] = item["seats"]
            item["waitlisted"] = rng.randint(3, 25) if full else 0
            item["cancelled_regs"] = round(item["seats"] * rng.uniform(0.02, 0.05))
            item["attended"] = round(item["seats"] * rng.uniform(*self.profile.attendance))
        # Exact totals: interviews only of people who came (per session, distinct people), passes only of people
        # interviewed, starts only of people who passed.
        weights = [item["attended"] if item["booths"] else 0 for item in held]
        caps = [item["attended"] for item in held]
        for key, source in (("interviewed", None), ("passed", "interviewed"), ("started", "passed")):
            if source is not None:
                weights = caps = [item[source] for item in held]
            for item, count in zip(held, apportion_capped(self.targets[key], weights, caps), strict=True):
                item[key] = count
        biggest = max((item["seats"] + item["waitlisted"] + item["cancelled_regs"] for item in held), default=0)
        total_interviewed = sum(item["interviewed"] for item in held)
        self.n_people = max(self.targets["job_seekers"], total_interviewed + biggest + 10)
        if self.n_people >= SMALL_PERSON_BASE:
            raise ValueError("Too many people for the identifier ranges.")
        # Declared cohorts: about 6% of people; the members of a cohort-only session are added when planned.
        mix = weighted(
            "student_graduate 35, discharged_soldier 15, unemployment_insurance 20, part_time_worker 12, "
            "police_completed_service 5, disabled 8, released_prisoner 3, post_rehab 2"
        )
        self.members = {code: [] for code in self.cohorts}
        self.membership = {}  # (person, cohort code) -> share_with_employers
        for person in rng.sample(range(self.n_people), round(self.n_people * 0.06)):
            code = mix(rng)
            self.membership[(person, code)] = rng.random() < (0.4 if self.cohorts[code].sensitive else 0.8)
            self.members[code].append(person)
        self.log(f"{self.n_people:,} job seekers and {sum(i['seats'] for i in held):,} seats planned")

    # inserts ---------------------------------------------------------------------------------------------------

    def _insert_employers_and_vacancies(self):
        rng = self.rng
        Employer.objects.bulk_create(self.employers, batch_size=self.BATCH)
        rows = []
        for plan in self.vacancy_plans:
            employer = self.employers[plan["employer"]]
            created = employer.created_at + timedelta(days=rng.randint(3, 200))
            fields = {k: v for k, v in plan.items() if k not in ("employer", "uses", "_cohorts")}
            row = Vacancy(employer_id=employer.pk, **fields, created_at=created, updated_at=created)
            row.search_text = fold_for_search(f"{row.title} {row.major} {row.description}")
            if rng.random() < 0.25:
                row.status = Vacancy.Status.CLOSED
                row.deadline = self.date_to - timedelta(days=rng.randint(0, 200))
            rows.append(row)
        Vacancy.objects.bulk_create(rows, batch_size=self.BATCH)
        through = Vacancy.priority_cohorts.through
        links = [
            through(vacancy_id=row.pk, cohort_id=code)
            for row, plan in zip(rows, self.vacancy_plans, strict=True)
            for code in plan["_cohorts"]
        ]
        through.objects.bulk_create(links, batch_size=self.BATCH)
        for row, plan in zip(rows, self.vacancy_plans, strict=True):
            plan["id"] = row.pk

    def _title(self, item: dict, job_day_number: int) -> tuple[str, str, str]:
        kind, venue = item["kind"], item["venue"]
        day = f"{timezone.localtime(item['starts']):%d/%m/%Y}"
        if kind == "central":
            return f"Phiên giao dịch việc làm định kỳ ngày {day}", SessionKind.PERIODIC, SessionFormat.IN_PERSON
        if kind == "satellite":
            return (
                f"Phiên giao dịch việc làm tại {lower_first(venue.name)} ngày {day}",
                SessionKind.PERIODIC,
                "in_person",
            )
        if kind == "mobile":
            return f"Phiên giao dịch việc làm lưu động {lower_first(venue.ward.name)}", SessionKind.MOBILE, "in_person"
        if kind == "thematic":
            title = f"Phiên chuyên đề: việc làm cho {lower_first(item['cohort'].name_vi)} ngày {day}"
            return title, SessionKind.THEMATIC, SessionFormat.IN_PERSON
        if kind == "online":
            linked = ", ".join(p.name.replace("Thành phố ", "TP. ") for p in item["provinces"])
            return f"Phiên giao dịch việc làm trực tuyến kết nối Hà Nội với {linked}", SessionKind.ONLINE, "online"
        title = f"{JOB_DAY_TITLES[job_day_number % len(JOB_DAY_TITLES)]} {self.year}"
        return title, SessionKind.JOB_DAY, SessionFormat.IN_PERSON

    def _insert_sessions_and_booths(self):
        rng, staff = self.rng, self.staff
        counter, _created = SessionCodeCounter.objects.select_for_update().get_or_create(year=self.year)
        number, job_days = counter.last_number, 0
        series = None
        if any(item["kind"] == "central" for item in self.plan):
            skipped = services.vietnamese_holidays(self.date_from, self.date_to)
            series = SessionSeries.objects.create(
                title="Phiên giao dịch việc làm định kỳ – Sàn Trung tâm",
                venue=self.central,
                weekdays=[1, 3],
                start_time=time(8),
                end_time=time(11, 30),
                date_from=self.date_from + timedelta(days=1),
                date_to=self.date_to - timedelta(days=1),
                skipped_dates=[d.isoformat() for d in sorted(skipped) if d.weekday() in (1, 3)],
                created_by=staff,
            )
        sessions = []
        for item in self.plan:
            number += 1
            code = f"PGD-{self.year}-{number:04d}"
            venue, starts, ends, cancelled = item["venue"], item["starts"], item["ends"], item.get("cancelled", False)
            opens = starts - timedelta(days={"job_day": 21, "mobile": 10}.get(item["kind"], 14))
            title, kind, fmt = self._title(item, job_days)
            job_days += kind == SessionKind.JOB_DAY
            item["session"] = JobSession(
                code=code,
                title=title,
                kind=kind,
                format=fmt,
                status=SessionStatus.CANCELLED if cancelled else SessionStatus.COMPLETED,
                venue=venue,
                ward_id=venue.ward_id if venue else None,
                online_url=f"https://truc-tuyen.{DEMO_DOMAIN}/{code}" if fmt != SessionFormat.IN_PERSON else "",
                co_organisers=CO_ORGANISERS if kind == SessionKind.JOB_DAY else "",
                cohort_only=bool(item["cohort"] and item["cohort"].sensitive),
                theme=item["cohort"].name_vi if item["cohort"] else "",
                starts_at=starts,
                ends_at=ends,
                registration_opens_at=opens,
                registration_closes_at=ends,
                employer_capacity=max(len(item["booths"]) + rng.randint(0, 5), venue.booth_count if venue else 0),
                job_seeker_capacity=item["capacity"],
                series=series if item["kind"] == "central" else None,
                cancel_reason=CANCEL_REASON if cancelled else "",
                published_at=opens - timedelta(days=1),
                cancelled_at=starts - timedelta(days=2) if cancelled else None,
                completed_at=None if cancelled else ends + timedelta(hours=1),
                created_by=staff,
                search_text=fold_for_search(f"{code} {title} {item['cohort'].name_vi if item['cohort'] else ''}"),
                created_at=opens - timedelta(days=5),
                updated_at=ends + timedelta(hours=1),
            )
            sessions.append(item["session"])
        JobSession.objects.bulk_create(sessions, batch_size=500)
        # Later session_create calls continue after the last code handed out here.
        SessionCodeCounter.objects.filter(year=self.year).update(last_number=number)
        cohort_link, province_link = JobSession.target_cohorts.through, JobSession.linked_provinces.through
        cohort_link.objects.bulk_create(
            [cohort_link(jobsession_id=i["session"].pk, cohort_id=i["cohort"].pk) for i in self.plan if i["cohort"]]
        )
        province_link.objects.bulk_create(
            [
                province_link(jobsession_id=i["session"].pk, administrativeunit_id=p.pk)
                for i in self.plan
                for p in i["provinces"]
            ]
        )
        booths, brought = [], []
        for item in self.plan:
            session = item["session"]
            online = session.format == SessionFormat.ONLINE
            for label, (employer_index, vacancies) in enumerate(item["booths"], start=1):
                decided = session.registration_opens_at + timedelta(days=rng.randint(1, 5))
                booths.append(
                    Participation(
                        session=session,
                        employer_id=self.employers[employer_index].pk,
                        status=BoothStatus.APPROVED,
                        booth_label=f"{label:02d}",
                        online_room_url=f"https://phongvan.{DEMO_DOMAIN}/{session.code}/gian-{label:02d}"
                        if online
                        else "",
                        attended=rng.random() < 0.97,
                        decided_at=decided,
                        decided_by=staff,
                        created_at=decided - timedelta(days=rng.randint(1, 10)),
                        updated_at=session.ends_at,
                    )
                )
                brought.append(vacancies)
            item["offered"] = [(v["id"], v["salary_min"], v["salary_max"]) for _e, vs in item["booths"] for v in vs]
        Participation.objects.bulk_create(booths, batch_size=self.BATCH)
        through = Participation.vacancies.through
        links = [
            through(participation_id=booth.pk, vacancy_id=vacancy["id"])
            for booth, vacancies in zip(booths, brought, strict=True)
            for vacancy in vacancies
        ]
        through.objects.bulk_create(links, batch_size=self.BATCH)
        self.log(f"{len(sessions)} sessions, {len(booths):,} booths and {len(self.vacancy_plans):,} vacancies inserted")

    def _insert_job_seekers(self):
        rng, today = self.rng, self.today
        self.person_ids = []
        self.has_account = bytearray(self.n_people)
        unusable = make_password(None)  # accounts made at the desk: the person sets a password on first login
        joined_base = local_at(self.date_from, time(8))
        for start in range(0, self.n_people, self.PEOPLE_CHUNK):
            users, seekers, consents = [], [], []
            for index in range(start, min(start + self.PEOPLE_CHUNK, self.n_people)):
                person = make_person(rng, index, today, self.wards)
                person["ward_id"] = person.pop("ward").pk
                joined = joined_base + timedelta(days=rng.randint(-400, 300), minutes=rng.randint(0, 600))
                user = None
                if rng.random() < 0.4:
                    person["email"] = person_email(person, index)
                    by_phone = rng.random() < 0.6  # signed up with the phone (confirmed by the code), else the e-mail
                    user = User(
                        username=person["phone"] if by_phone else person["email"],
                        email=person["email"],
                        phone=person["phone"],
                        verified_phone=person["phone"] if by_phone else "",
                        verified_email="" if by_phone else person["email"],
                        role=Role.JOB_SEEKER,
                        password=unusable,
                        date_joined=joined,
                    )
                    users.append(user)
                    self.has_account[index] = 1
                seekers.append((JobSeeker(**person, created_at=joined, updated_at=joined), user))
            User.objects.bulk_create(users, batch_size=self.BATCH)
            for seeker, user in seekers:
                seeker.user_id = user.pk if user else None
            JobSeeker.objects.bulk_create([seeker for seeker, _user in seekers], batch_size=self.BATCH)
            for seeker, user in seekers:
                self.person_ids.append(seeker.pk)
                consents.append(
                    ConsentRecord(
                        job_seeker_id=seeker.pk,
                        purpose=ConsentPurpose.TERMS,
                        text_version=account_services.CONSENT_TEXT_VERSION,
                        given_at=seeker.created_at,
                        recorded_by=None if user else self.staff,
                    )
                )
            ConsentRecord.objects.bulk_create(consents, batch_size=self.BATCH)
        self.log(f"{len(self.person_ids):,} job seekers inserted")

    def _insert_registrations(self):
        """Per session: the people interviewed (never interviewed before, so the yearly count is of distinct
        people), the other seat-holders, the waitlist of a full session and the cancellations."""
        rng = self.rng
        interviewed_before = set()
        fresh = iter(rng.sample(range(self.n_people), self.n_people))
        pending, pending_rows = [], 0
        for item in self.held:
            session, cohort = item["session"], item["cohort"]
            pool = self.members[cohort.code] if session.cohort_only else []
            chosen = [
                p for p in rng.sample(pool, min(len(pool), 2 * item["interviewed"])) if p not in interviewed_before
            ]
            chosen = chosen[: item["interviewed"]]
            in_session = set(chosen)
            while len(chosen) < item["interviewed"]:
                person = next(fresh)
                if person not in interviewed_before and person not in in_session:
                    chosen.append(person)
                    in_session.add(person)
            interviewed_before.update(chosen)
            total = item["seats"] + item["waitlisted"] + item["cancelled_regs"]
            others = [p for p in rng.sample(pool, min(len(pool), total)) if p not in in_session]
            others = others[: total - len(chosen)]
            in_session.update(others)
            while len(chosen) + len(others) < total:
                person = rng.randrange(self.n_people)
                if person not in in_session:
                    in_session.add(person)
                    others.append(person)
            if session.cohort_only:  # everyone at a cohort-only session is a member of its cohort
                for person in in_session:
                    self.membership.setdefault((person, cohort.code), rng.random() < 0.4)
            rows = self._session_rows(item, chosen, others)
            pending.append(rows)
            pending_rows += len(rows)
            if pending_rows >= self.FLUSH_REGISTRATIONS:
                self._flush(pending)
                pending, pending_rows = [], 0
        self._flush(pending)

    def _moment(self, session: JobSession) -> datetime:
        """Registrations are front-loaded into the time right after registration opens."""
        return (
            session.registration_opens_at + (session.starts_at - session.registration_opens_at) * self.rng.random() ** 3
        )

    def _session_rows(self, item, chosen, others) -> list[tuple[Registration, list | None]]:
        rng, staff, session = self.rng, self.staff, item["session"]
        in_person, starts = session.format == SessionFormat.IN_PERSON, session.starts_at
        passed = set(rng.sample(range(len(chosen)), item["passed"]))
        started = set(rng.sample(sorted(passed), item["started"]))
        n_attending = item["attended"]
        seat_people = chosen + others[: item["seats"] - len(chosen)]
        rest = others[item["seats"] - len(chosen) :]
        rows, desk_codes = [], _DeskCodes()
        for position, person in enumerate(seat_people):
            attended = position < n_attending
            walk_in = attended and in_person and rng.random() < 0.08
            moment = starts + timedelta(minutes=rng.randint(10, 180)) if walk_in else self._moment(session)
            if walk_in:
                source = Registration.Source.WALK_IN
            elif self.has_account[person] and rng.random() < 0.85:
                source = Registration.Source.ONLINE
            else:
                source = Registration.Source.STAFF if rng.random() < 0.8 else Registration.Source.IMPORT
            if attended:
                status = RegStatus.ATTENDED
                checked_in = moment if walk_in else starts + timedelta(minutes=rng.randint(0, 200))
            else:  # session_complete turns the confirmed of an in-person session into no-shows
                status, checked_in = (RegStatus.NO_SHOW if in_person else RegStatus.CONFIRMED), None
            registration = Registration(
                session=session,
                job_seeker_id=self.person_ids[person],
                status=status,
                source=source,
                check_in_code=new_check_in_code(),
                short_code=desk_codes.draw(),
                confirmed_at=moment,
                checked_in_at=checked_in,
                checked_in_by=staff if checked_in and in_person else None,
                registered_by=staff if source != Registration.Source.ONLINE else None,
                created_at=moment,
                updated_at=checked_in or session.ends_at + timedelta(hours=1),
            )
            plan = (
                self._interview_plan(item, position in passed, position in started) if position < len(chosen) else None
            )
            rows.append((registration, plan))
        last = max((r.created_at for r, _p in rows), default=starts - timedelta(days=1))
        for person in rest[: item["waitlisted"]]:  # registered after the last seat went
            moment = last + (starts - last) * rng.random()
            rows.append((self._other_row(session, person, desk_codes, RegStatus.WAITLISTED, moment), None))
        for person in rest[item["waitlisted"] :]:
            moment = self._moment(session)
            row = self._other_row(session, person, desk_codes, RegStatus.CANCELLED, moment)
            row.confirmed_at, row.cancelled_at = moment, moment + (starts - moment) * rng.random()
            row.updated_at = row.cancelled_at
            rows.append((row, None))
        rows.sort(key=lambda pair: pair[0].created_at)  # ids in the order people registered (FIFO waitlist)
        return rows

    def _other_row(self, session, person, desk_codes, status, moment) -> Registration:
        source = Registration.Source.ONLINE if self.has_account[person] else Registration.Source.STAFF
        return Registration(
            session=session,
            job_seeker_id=self.person_ids[person],
            status=status,
            source=source,
            check_in_code=new_check_in_code(),
            short_code=desk_codes.draw(),
            registered_by=self.staff if source == Registration.Source.STAFF else None,
            created_at=moment,
            updated_at=moment,
        )

    def _interview_plan(self, item, passes: bool, starts_work: bool) -> list[tuple]:
        """(vacancy id, result, outcome status or None, monthly salary) per interview of one person."""
        rng, offered = self.rng, item["offered"]
        plan = []
        for number, (vacancy_id, salary_min, salary_max) in enumerate(
            rng.sample(offered, min(len(offered), INTERVIEWS_PER_PERSON(rng)))
        ):
            if passes and number == 0:
                result, outcome = Result.PASSED, (Outcome.STARTED if starts_work else Outcome.DECLINED)
            else:
                result = OTHER_RESULTS(rng)
                outcome = Outcome.NOT_HIRED if result == Result.SECOND_ROUND and rng.random() < 0.6 else None
            salary = money(rng.uniform(salary_min, salary_max) / 1e6) if salary_min and salary_max else None
            plan.append((vacancy_id, result, outcome, salary))
        return plan

    def _flush(self, pending):
        rows = [pair for session_rows in pending for pair in session_rows]
        if not rows:
            return
        rng, staff = self.rng, self.staff
        Registration.objects.bulk_create([registration for registration, _plan in rows], batch_size=self.BATCH)
        interest = Registration.vacancies.through
        interviews, outcome_plans, links = [], [], []
        for registration, plan in rows:
            session = registration.session
            for vacancy_id, result, outcome, salary in plan or ():
                at = session.starts_at + timedelta(minutes=rng.randint(30, 210))
                interviews.append(
                    Interview(
                        registration_id=registration.pk,
                        vacancy_id=vacancy_id,
                        result=result,
                        recorded_by=staff,
                        created_at=at,
                        updated_at=at,
                    )
                )
                outcome_plans.append((outcome, salary, session))
                links.append(interest(registration_id=registration.pk, vacancy_id=vacancy_id))
            if not plan and self.offered_ids.get(session.pk) and rng.random() < 0.3:
                links.append(
                    interest(registration_id=registration.pk, vacancy_id=rng.choice(self.offered_ids[session.pk]))
                )
        interest.objects.bulk_create(links, batch_size=self.BATCH)
        Interview.objects.bulk_create(interviews, batch_size=self.BATCH)
        outcomes = []
        for interview, (status, salary, session) in zip(interviews, outcome_plans, strict=True):
            if status is not None:
                outcomes.append(self._outcome_row(interview, status, salary, session))
        HiringOutcome.objects.bulk_create(outcomes, batch_size=self.BATCH)
        self.log(f"{len(rows):,} registrations, {len(interviews):,} interviews, {len(outcomes):,} outcomes inserted")

    def _outcome_row(self, interview, status, salary, session) -> HiringOutcome:
        rng = self.rng
        reported = session.ends_at + timedelta(days=rng.randint(2, 20))
        start_date = timezone.localdate(session.starts_at) + timedelta(days=rng.randint(3, 21))
        hired = status == Outcome.STARTED
        if hired and start_date > self.today:
            status = Outcome.OFFERED  # hired, to start on a day still to come (as hiring_outcome_record has it)
        outcome = HiringOutcome(
            interview_id=interview.pk,
            status=status,
            start_date=start_date if hired else None,
            monthly_salary=salary if hired else None,
            reported_by=self.staff,
            reported_at=reported,
            created_at=reported,
            updated_at=reported,
        )
        if status == Outcome.STARTED and (self.today - start_date).days >= 30:  # the follow-up checks
            outcome.employed_at_30_days = rng.random() < 0.9
            outcome.checked_30_days_at = outcome.updated_at = local_at(start_date + timedelta(days=31), time(10))
            if (self.today - start_date).days >= 90:
                outcome.employed_at_90_days = outcome.employed_at_30_days and rng.random() < 0.88
                outcome.checked_90_days_at = outcome.updated_at = local_at(start_date + timedelta(days=91), time(10))
        return outcome

    @property
    def offered_ids(self) -> dict[int, list[int]]:
        if not hasattr(self, "_offered_ids"):
            self._offered_ids = {i["session"].pk: [v for v, _lo, _hi in i["offered"]] for i in self.held}
        return self._offered_ids

    def _insert_memberships(self):
        rng, staff = self.rng, self.staff
        declared = local_at(self.date_from, time(9))
        memberships, consents = [], []
        for (person, code), share in sorted(self.membership.items()):
            at = declared - timedelta(days=rng.randint(0, 300))
            seeker_id, verified = self.person_ids[person], rng.random() < 0.7
            memberships.append(
                CohortMembership(
                    job_seeker_id=seeker_id,
                    cohort_id=code,
                    share_with_employers=share,
                    evidence_note=EVIDENCE.get(code, ""),
                    verified_by=staff if verified else None,
                    verified_at=at + timedelta(days=1) if verified else None,
                    created_at=at,
                    updated_at=at,
                )
            )
            purposes = [ConsentPurpose.SENSITIVE_COHORT] * self.cohorts[code].sensitive + [
                ConsentPurpose.SHARE_COHORT
            ] * share
            for purpose in purposes:
                consents.append(
                    ConsentRecord(
                        job_seeker_id=seeker_id,
                        purpose=purpose,
                        cohort_id=code,
                        text_version=account_services.CONSENT_TEXT_VERSION,
                        given_at=at,
                    )
                )
        CohortMembership.objects.bulk_create(memberships, batch_size=self.BATCH)
        ConsentRecord.objects.bulk_create(consents, batch_size=self.BATCH)
        self.log(f"{len(memberships):,} cohort memberships and their consents inserted")

    def _report(self):
        sessions = JobSession.objects.filter(pk__in=[item["session"].pk for item in self.plan])
        booths = Participation.objects.filter(session__in=sessions, status=BoothStatus.APPROVED)
        registrations = Registration.objects.filter(session__in=sessions)
        interviews = Interview.objects.filter(registration__session__in=sessions)
        places = Participation.vacancies.through.objects.filter(participation__in=booths).aggregate(
            total=Sum("vacancy__quantity")
        )["total"]
        last_code = SessionCodeCounter.objects.get(year=self.year).last_number
        figures = [
            ("sessions held", sessions.filter(status=SessionStatus.COMPLETED).count()),
            ("sessions cancelled", sessions.filter(status=SessionStatus.CANCELLED).count()),
            ("employer participations", booths.count()),
            ("vacancies (places)", places or 0),
            ("registrations holding a seat", registrations.filter(status__in=Registration.SEAT_HOLDING).count()),
            ("job seekers attended", registrations.filter(status=RegStatus.ATTENDED).count()),
            ("interviewed (session, person)", interviews.values("registration").distinct().count()),
            ("passed at the session", interviews.filter(result=Result.PASSED).count()),
            ("started work", HiringOutcome.objects.filter(interview__in=interviews, status=Outcome.STARTED).count()),
        ]
        codes = f"PGD-{self.year}-{last_code:04d}"
        period = f"{self.date_from:%d/%m/%Y}–{self.date_to:%d/%m/%Y}"
        self.out(
            f"{self.profile.name} ({period}) at fraction {self.fraction:g}, in report terms "
            f"(session codes up to {codes}):"
        )
        for label, value in figures:
            self.out(f"  {label:<31}{value:>9,}")


class _DeskCodes:
    """Desk codes drawn for one session's bulk-inserted rows, never twice (the service checks the table instead)."""

    def __init__(self):
        self.used: set[str] = set()

    def draw(self) -> str:
        code = new_short_code()
        while code in self.used:
            code = new_short_code()
        self.used.add(code)
        return code
