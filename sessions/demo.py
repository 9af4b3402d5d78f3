"""Demo data for the job-fair system (`manage.py seed_demo`).

- `small` (default): a believable centre around today — venues, 30 employers, ~40 vacancies, 200 job seekers and
  sessions of every kind and status — written through the services wherever a rule applies (capacity, waitlist,
  eligibility, booth approval, interviews, outcomes, completion), so the demo data obeys the rules.
- `hanoi-year`: one past calendar year at Hanoi's size (the Jan–Sep 2024 ratios of DESIGN §1 scaled to twelve
  months), written with bulk_create in batches; the invariants (seats, booths, venue overlap, unique codes, the
  session code counter) are kept by construction.
- profiles (`--profile hanoi-2024-jan-sep`): the same bulk generator with another `Profile` — a named set of
  targets over a period. Every target is met exactly in report terms (sessions/reports.py: sessions held,
  approved booths, vacancies brought, seats, distinct (session, job seeker) pairs interviewed, passes, starts),
  also at a `--fraction` (each target scaled and rounded, see `Profile.scaled`).

Deterministic: one `random.Random(seed)` per run; identifiers (tax codes, citizen IDs, phones) come from fixed
bijections over disjoint index ranges, so both scales and the demo accounts can share a database. Only the
unguessable check-in codes are random on purpose. A marker audit event (`demo.seed`) makes a second run a no-op.
"""

import bisect
import calendar
import itertools
import random
import time as clock
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from accounts import services as account_services
from accounts.models import (
    AdministrativeUnit,
    AuditEvent,
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
from accounts.validators import build_citizen_id, build_tax_code
from jobfair.text import fold_for_search
from sessions import services
from sessions.models import (
    HiringOutcome,
    Interview,
    JobSession,
    Notification,
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
)

DEFAULT_SEED = 2026
MARKER_ACTION = "demo.seed"
SCALES = ("small", "hanoi-year")
DEMO_DOMAIN = "demo.vieclam.local"
STAFF_LOGIN = ("staff@demo.vieclam.local", "demo-staff-2026")
EMPLOYER_LOGIN = ("tuyendung@demo.vieclam.local", "demo-employer-2026")
JOB_SEEKER_LOGIN = ("nguoitimviec@demo.vieclam.local", "demo-jobseeker-2026")

# Index ranges that keep generated identifiers apart. People (citizen-ID serials < 10**6, phones): hanoi-year
# from 0, small scale from 900,000, household-business owners from 950,000, the demo job seeker at 999,999;
# employers' phones are offset by 1,000,000. Tax-code cursors: hanoi-year from 0, small from 9,000,000.
SMALL_PERSON_BASE, HOUSEHOLD_BASE, DEMO_PERSON_INDEX, EMPLOYER_PHONE_OFFSET = 900_000, 950_000, 999_999, 1_000_000
SMALL_TAX_CURSOR, DEMO_TAX_CURSOR = 9_000_000, 9_900_000

RegStatus, BoothStatus, Result, Outcome = (
    Registration.Status,
    Participation.Status,
    Interview.Result,
    HiringOutcome.Status,
)


# --- small helpers ---------------------------------------------------------------------------------------------


class Pick:
    """A weighted choice with precomputed cumulative weights (fast enough for 100,000s of draws)."""

    def __init__(self, items):
        self.values = [value for value, _weight in items]
        self.cum = list(itertools.accumulate(weight for _value, weight in items))

    def __call__(self, rng: random.Random):
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


def weighted(text: str, cast=str) -> Pick:
    """`Pick` from "value weight, value weight, …"."""
    items = []
    for part in text.split(","):
        value, weight = part.strip().rsplit(" ", 1)
        items.append((cast(value), float(weight)))
    return Pick(items)


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def bars(text: str) -> list[str]:
    return text.split("|")


def table(text: str) -> list[list[str]]:
    return [line.strip().split("|") for line in text.strip().splitlines()]


def apportion(total: int, weights) -> list[int]:
    """Integers proportional to the weights that add up to exactly `total` (largest remainder)."""
    weights = list(weights)
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    raw = [total * w / weight_sum for w in weights]
    shares = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: shares[i] - raw[i])[: total - sum(shares)]:
        shares[i] += 1
    return shares


def apportion_capped(total: int, weights, caps) -> list[int]:
    """`apportion` with an upper bound per share: what a capped share cannot take goes to the others, so the
    shares add up to exactly `total` (ValueError when the caps of the positive weights cannot hold it)."""
    weights, caps = list(weights), list(caps)
    shares = [0] * len(weights)
    open_ = [i for i, weight in enumerate(weights) if weight > 0 and caps[i] > 0]
    remaining = total
    while remaining > 0:
        if not open_:
            raise ValueError(f"Cannot distribute {total:,} within the caps.")
        for i, share in zip(open_, apportion(remaining, [weights[i] for i in open_]), strict=True):
            added = min(share, caps[i] - shares[i])
            shares[i] += added
            remaining -= added
        open_ = [i for i in open_ if shares[i] < caps[i]]
    return shares


def demo_phone(index: int) -> str:
    """A valid Vietnamese mobile number in E.164 form, different for every index."""
    prefix = PHONE_PREFIXES[index % len(PHONE_PREFIXES)]
    return f"+84{prefix}{(index // len(PHONE_PREFIXES) * 3_141_593 + 2_718_281) % 10**7:07d}"


def demo_citizen_id(index: int, *, sex: str, birth_year: int, province_code: str = "001") -> str:
    serial = (index * 104_729 + 271_828) % 10**6  # a bijection on 0..999,999: one serial per index
    return build_citizen_id(province_code=province_code, sex=sex, birth_year=birth_year, serial=serial)


def demo_tax_codes(cursor: int):
    """Valid 10-digit tax codes of Hà Nội organisations (prefix 01), unique along the cursor."""
    while True:
        code = build_tax_code(f"01{(cursor * 4_194_301 + 1_234_567) % 10**7:07d}")
        cursor += 1
        if code is not None:
            yield code


def money(millions: float) -> int:
    """VND, rounded to 500,000."""
    return round(millions * 2) * 500_000


def local_at(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


def slug(text: str) -> str:
    return "".join(ch for ch in fold_for_search(text) if ch.isalnum())


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def working_days(date_from: date, date_to: date, weekdays=range(5)) -> list[date]:
    holidays = services.vietnamese_holidays(date_from, date_to)
    days = (date_from + timedelta(days=n) for n in range((date_to - date_from).days + 1))
    return [day for day in days if day.weekday() in weekdays and day not in holidays]


@contextmanager
def explicit_timestamps(*models):
    """Let bulk rows keep the created_at/updated_at they are given (historical data), restoring afterwards."""
    saved = []
    for model in models:
        for name in ("created_at", "updated_at"):
            field = model._meta.get_field(name)
            saved.append((field, field.auto_now, field.auto_now_add))
            field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


# --- reference content -----------------------------------------------------------------------------------------

PHONE_PREFIXES = words("91 94 88 83 84 85 81 82 90 93 89 70 76 77 78 79 96 97 98 86 32 33 34 35 36 37 38 39 56 58 59")
FAMILY_NAMES = weighted(
    "Nguyễn 36, Trần 11, Lê 9, Phạm 7.5, Hoàng 5, Huỳnh 1.5, Phan 4, Vũ 5, Võ 1.5, Đặng 2.5, Bùi 2.5, Đỗ 2.5, "
    "Hồ 1.2, Ngô 1.5, Dương 1.2, Lý 0.5"
)
MALE_MIDDLE = weighted(
    "Văn 24, Đức 10, Minh 10, Quang 7, Hữu 6, Thành 5, Ngọc 3, Xuân 4, Công 5, Mạnh 3, Duy 4, Việt 4, Hoàng 3, "
    "Trung 3, Tiến 3, Đình 4, Bá 2, Tuấn 2, Hải 2"
)
FEMALE_MIDDLE = weighted(
    "Thị 30, Thu 8, Ngọc 8, Thanh 7, Minh 5, Phương 5, Hồng 5, Kim 4, Thùy 5, Mai 3, Diệu 2, Khánh 3, Bảo 3, "
    "Hải 3, Quỳnh 2, Hà 2"
)
MALE_GIVEN = words(
    "An Anh Bình Cường Dũng Duy Đức Hải Hiếu Hoàng Hùng Huy Khánh Khoa Kiên Long Mạnh Minh Nam Nghĩa Phong Phúc "
    "Quân Quang Sơn Tài Thắng Thành Toàn Trung Tú Tuấn Việt Vinh Hưng Đạt Lâm Thịnh Tùng Hiệp Lộc Hào Đông"
)
FEMALE_GIVEN = words(
    "An Anh Châu Chi Dung Giang Hà Hạnh Hằng Hiền Hoa Hồng Huyền Hương Lan Linh Loan Mai My Nga Ngân Ngọc Nhung "
    "Oanh Phương Quỳnh Thảo Thủy Trang Vân Yến Hoài Thư Uyên Vy Hòa Liên Tâm Nhàn"
)
AGE_BANDS = weighted("18-24 30, 25-34 35, 35-44 20, 45-54 12, 55-59 3", cast=lambda v: tuple(map(int, v.split("-"))))
BIRTH_PROVINCES = weighted(
    "001 55, 034 5, 036 5, 035 3, 033 4, 030 3, 027 3, 026 3, 024 3, 025 3, 037 3, 038 4, 040 3, 042 2, 019 2"
)
QUALIFICATION_CODES = words(
    "untrained skilled_no_certificate elementary intermediate college university master doctorate"
)
QUAL_RANK = {code: rank for rank, code in enumerate(QUALIFICATION_CODES)}
QUALIFICATIONS = weighted(
    "untrained 30, skilled_no_certificate 5, elementary 7, intermediate 12, college 14, university 28, master 3.5, "
    "doctorate 0.2"
)
LOW_EDUCATION = weighted("upper_secondary 55, lower_secondary 35, primary 8, primary_incomplete 2")
VOCATIONAL_MAJORS = bars(
    "Điện công nghiệp|Hàn|Công nghệ ô tô|May thời trang|Kế toán doanh nghiệp|Điện tử công nghiệp|"
    "Kỹ thuật chế biến món ăn|Quản trị khách sạn|Điều dưỡng|Tin học ứng dụng|Cắt gọt kim loại|Kỹ thuật xây dựng"
)
UNIVERSITY_MAJORS = bars(
    "Công nghệ thông tin|Kế toán|Quản trị kinh doanh|Tài chính – Ngân hàng|Marketing|Ngôn ngữ Anh|Luật kinh tế|"
    "Kỹ thuật cơ khí|Kỹ thuật điện|Kỹ thuật xây dựng|Giáo dục mầm non|Điều dưỡng|Quản trị nhân lực|"
    "Logistics và quản lý chuỗi cung ứng|Quản trị dịch vụ du lịch và lữ hành"
)
SKILLS = bars(
    "Tin học văn phòng|Tiếng Anh giao tiếp|Giao tiếp khách hàng|Lái xe hạng B|Lái xe hạng C|Sử dụng Excel thành thạo|"
    "Đọc bản vẽ kỹ thuật|Bán hàng|Làm việc theo ca|Tiếng Nhật N3|Tiếng Hàn sơ cấp|Kế toán trên phần mềm MISA|"
    "Vận hành xe nâng|Sơ cứu cơ bản"
)
VILLAGES = words("Đông Đoài Nam Bắc Thượng Hạ Trung Cao Đình Chùa Mới 1 2 3 4 5 6 7 8")
COHORT_SHORT = {
    "ds": "discharged_soldier",
    "pc": "police_completed_service",
    "pt": "part_time_worker",
    "dis": "disabled",
    "rp": "released_prisoner",
    "pr": "post_rehab",
    "sg": "student_graduate",
    "ui": "unemployment_insurance",
}
EDUCATION_SHORT = {"l": "lower_secondary", "u": "upper_secondary", "": ""}

# Vacancy templates: VSIC section | VSCO 2020 code | title | min education (l/u/-) | min qualification (rank 0-7) |
# experience | salary min | max (million VND) | typical places | part-time possible | extra benefits | cohorts.
TEMPLATE_ROWS = table("""
    C|8212|Công nhân lắp ráp linh kiện điện tử|l|0|none|6.5|9|40|0|meals shuttle_bus dormitory|sg
    C|7233|Kỹ thuật viên bảo trì máy|u|3|1-2|9|14|4|0|meals shuttle_bus|ds
    C|8153|Công nhân may công nghiệp|l|0|none|6.5|11|30|0|meals childcare|
    C|8160|Công nhân chế biến thực phẩm|l|0|none|6|8.5|20|0|meals|rp
    C|7543|Nhân viên kiểm tra chất lượng (QC)|u|3|lt1|7.5|11|6|0|meals|
    C|2144|Kỹ sư cơ khí|u|5|1-2|14|22|3|0|training promotion|
    C|9329|Lao động phổ thông đóng gói|l|0|none|6|7.5|25|0|meals|dis pr
    F|2142|Kỹ sư xây dựng|u|5|2-5|16|25|3|0|travel_allowance|
    F|3112|Kỹ thuật viên giám sát công trình|u|4|1-2|10|15|4|0|travel_allowance|
    F|7112|Thợ nề||1|1-2|10|14|10|0|meals|rp
    F|7411|Thợ điện công trình|u|2|lt1|10|15|6|0|meals|ds
    F|7212|Thợ hàn|l|2|1-2|11|16|8|0|meals|pr
    G|5223|Nhân viên bán hàng|u|0|none|6.5|10|12|1|promotion|sg pt
    G|5230|Thu ngân|u|0|none|6.5|9|6|1||pt dis
    G|3322|Nhân viên kinh doanh|u|4|lt1|8|20|8|0|promotion travel_allowance|
    G|7231|Kỹ thuật viên sửa chữa ô tô|u|3|1-2|10|18|4|0|training|
    G|4321|Nhân viên kho|u|0|none|7|9.5|5|0|meals|ui
    H|8322|Lái xe ô tô con|u|2|2-5|10|15|6|0||ds pc
    H|8332|Lái xe tải|u|2|2-5|12|18|8|0|travel_allowance|ds
    H|8331|Lái xe buýt|u|2|2-5|12|16|10|0||ds
    H|9621|Nhân viên giao hàng|l|0|none|8|15|30|1||pt
    H|9333|Công nhân bốc xếp kho|l|0|none|7.5|10|15|0|meals|pr
    H|4323|Nhân viên điều phối vận tải|u|4|lt1|9|13|3|0||
    I|5120|Đầu bếp|l|2|1-2|10|18|4|0|meals|
    I|5131|Nhân viên phục vụ bàn|l|0|none|5.5|7.5|15|1|meals|sg pt
    I|9412|Phụ bếp|l|0|none|6|8|8|0|meals|dis rp
    I|4224|Lễ tân khách sạn|u|3|lt1|7|10|4|0|meals training|sg
    I|9111|Nhân viên buồng phòng|l|0|none|6|8|8|0|meals|
    J|2512|Lập trình viên phần mềm|u|5|1-2|18|35|6|0|training promotion|
    J|2519|Kỹ sư kiểm thử phần mềm|u|5|lt1|12|20|4|0|training|sg
    J|3512|Kỹ thuật viên hỗ trợ CNTT|u|4|lt1|9|13|3|0||
    J|4222|Nhân viên tổng đài chăm sóc khách hàng|u|0|none|7|11|25|1|training|dis pt
    J|2166|Nhân viên thiết kế đồ họa|u|4|1-2|10|16|2|0||
    K|3312|Chuyên viên tín dụng|u|5|lt1|12|20|6|0|life_insurance promotion|sg
    K|4211|Giao dịch viên ngân hàng|u|5|none|10|14|5|0|life_insurance|
    K|3321|Tư vấn viên bảo hiểm|u|0|none|7|15|20|1|training|ui
    K|2411|Kế toán viên|u|5|1-2|12|18|2|0||
    L|3334|Chuyên viên môi giới bất động sản|u|4|none|7|25|10|0|promotion|
    L|5153|Nhân viên quản lý tòa nhà|u|3|1-2|8|12|3|0||
    M|2411|Trợ lý kiểm toán|u|5|none|10|15|5|0|training|sg
    M|3313|Nhân viên kế toán|u|4|1-2|9|13|3|0||
    M|2611|Chuyên viên pháp chế|u|5|2-5|14|20|1|0||
    N|5414|Nhân viên bảo vệ|l|0|none|6.5|8.5|20|0|meals|ds pc rp
    N|9112|Nhân viên vệ sinh tòa nhà||0|none|5.5|7|15|1||dis pr pt
    N|2423|Chuyên viên tuyển dụng|u|5|1-2|12|16|2|0||
    P|2342|Giáo viên mầm non|u|4|none|7|10|5|0|meals|sg
    P|2353|Giáo viên tiếng Anh|u|5|1-2|15|25|3|1||
    P|5311|Bảo mẫu|l|0|lt1|6|8|4|0|meals|
    Q|2221|Điều dưỡng viên|u|4|none|8.5|12|8|0|meals|sg
    Q|3213|Dược sĩ trung cấp|u|3|lt1|8|11|3|0||
    Q|5321|Hộ lý|l|0|none|6|8|6|0|meals|ui
    Q|2211|Bác sĩ đa khoa|u|5|2-5|18|30|2|0|training|
    E|9613|Công nhân thu gom rác||0|none|7|9.5|20|0|meals|pr rp
    E|8189|Công nhân vận hành hệ thống xử lý nước|u|3|lt1|8|11|4|0||
    D|7413|Thợ điện đường dây|u|3|1-2|10|15|6|0|travel_allowance|ds
    D|2151|Kỹ sư điện|u|5|1-2|14|22|2|0||
    A|6113|Lao động trồng rau an toàn||0|none|5.5|7.5|15|0|meals|
    A|6121|Công nhân chăn nuôi|l|0|none|6|8|6|0|meals dormitory|pr
    B|8111|Công nhân vận hành máy khai thác đá|l|2|1-2|10|14|6|0|meals|
    B|3117|Kỹ thuật viên mỏ|u|4|1-2|10|14|2|0||
    R|3435|Nhân viên tổ chức sự kiện|u|4|none|8|12|4|1||sg
    R|5419|Nhân viên cứu hộ bể bơi|l|2|none|7|9|4|1||ds
    S|5322|Nhân viên chăm sóc người cao tuổi tại nhà|l|2|lt1|8|12|8|0||ui
    S|9111|Nhân viên giúp việc gia đình||0|lt1|7|10|10|1||pt
""")
TEMPLATES: dict[str, list[tuple]] = {}
for _row in TEMPLATE_ROWS:
    _section, _code, _title, _edu, _qual, _exp, _low, _high, _places, _part, _benefits, _cohorts = _row
    TEMPLATES.setdefault(_section, []).append(
        (
            _code,
            _title,
            EDUCATION_SHORT[_edu],
            QUALIFICATION_CODES[int(_qual)],
            _exp,
            float(_low),
            float(_high),
            int(_places),
            _part == "1",
            _benefits.split(),
            [COHORT_SHORT[c] for c in _cohorts.split()],
        )
    )
ALL_TEMPLATES = [template for section in TEMPLATES.values() for template in section]
TEMPLATES_BY_QUAL = {
    code: [t for t in ALL_TEMPLATES if QUAL_RANK[t[3]] <= rank] for rank, code in enumerate(QUALIFICATION_CODES)
}

# Small-scale employers, two lines each: name|VSIC|ownership|workforce|verification|tax form (org, branch,
# household) / main products|ward|street address.
_EMPLOYER_LINES = table("""
    Công ty Cổ phần Giao nhận Vận tải Thủ Đô|H|non_state|1001-3000|verified|org
    Giao hàng chặng cuối, kho vận|Phường Long Biên|Số 18 phố Ngọc Lâm
    Công ty TNHH Điện tử Hanwon Việt Nam|C|fdi|1001-3000|verified|org
    Linh kiện điện tử, bo mạch điện thoại|Xã Quang Minh|Lô 25, Khu công nghiệp Quang Minh
    Công ty TNHH Kỹ thuật Kyoshin Việt Nam|C|fdi|501-1000|verified|org
    Linh kiện cơ khí chính xác|Xã Nội Bài|Lô 12, Khu công nghiệp Nội Bài
    Công ty TNHH May mặc Hồng Phát|C|non_state|201-500|verified|org
    Quần áo may sẵn xuất khẩu|Xã Thường Tín|Cụm công nghiệp Hà Bình Phương
    Công ty Cổ phần Thực phẩm Minh Dương|C|non_state|101-200|verified|org
    Bánh kẹo, thực phẩm đóng gói|Xã Thạch Thất|Khu công nghiệp Thạch Thất – Quốc Oai
    Công ty TNHH Thiết bị Y tế Medita Việt Nam|C|fdi|201-500|verified|org
    Vật tư y tế tiêu hao|Xã Đông Anh|Khu công nghiệp Thăng Long
    Công ty Cổ phần Xây dựng Hạ tầng Sông Hồng|F|non_state|201-500|verified|org
    Thi công công trình dân dụng và hạ tầng|Phường Hoàng Mai|Số 9 phố Tân Mai
    Công ty TNHH Thương mại Siêu thị Hà Thành|G|non_state|501-1000|verified|org
    Chuỗi siêu thị mini|Phường Cầu Giấy|Số 120 đường Xuân Thủy
    Công ty Cổ phần Ô tô An Khánh|G|non_state|101-200|verified|org
    Đại lý và xưởng bảo dưỡng ô tô|Xã An Khánh|Km 10 Đại lộ Thăng Long
    Công ty TNHH MTV Xe buýt Thăng Long|H|state|1001-3000|verified|org
    Vận tải hành khách công cộng|Phường Hoàng Liệt|Bến xe Giáp Bát
    Công ty TNHH Khách sạn Hồ Tây Xanh|I|non_state|101-200|verified|org
    Khách sạn, nhà hàng|Phường Tây Hồ|Số 50 đường Thanh Niên
    Công ty Cổ phần Chuỗi Ẩm thực Bếp Việt|I|non_state|501-1000|verified|org
    Nhà hàng, bếp ăn công nghiệp|Phường Đống Đa|Số 72 phố Tây Sơn
    Công ty Cổ phần Công nghệ Phần mềm Sao Việt|J|non_state|201-500|verified|org
    Phần mềm quản lý, ứng dụng di động|Phường Nghĩa Đô|Số 3 phố Hoàng Quốc Việt
    Công ty TNHH Dịch vụ Viễn thông Kết Nối Số|J|non_state|501-1000|verified|org
    Tổng đài chăm sóc khách hàng|Phường Thanh Xuân|Số 233 đường Nguyễn Trãi
    Ngân hàng TMCP Thịnh An – Chi nhánh Hà Nội|K|non_state|201-500|verified|branch
    Dịch vụ ngân hàng bán lẻ|Phường Hoàn Kiếm|Số 15 phố Lý Thường Kiệt
    Công ty TNHH Bảo hiểm Nhân thọ Bình An Việt Nam|K|fdi|1001-3000|verified|org
    Bảo hiểm nhân thọ|Phường Ba Đình|Số 28 phố Điện Biên Phủ
    Công ty Cổ phần Bất động sản Thành Đô|L|non_state|51-100|verified|org
    Môi giới, quản lý tòa nhà|Phường Từ Liêm|Số 6 đường Lê Đức Thọ
    Công ty TNHH Kiểm toán và Tư vấn Tín Việt|M|non_state|51-100|verified|org
    Kiểm toán, tư vấn thuế|Phường Láng|Số 45 phố Láng Hạ
    Công ty Cổ phần Dịch vụ Bảo vệ Long Hải|N|non_state|501-1000|verified|org
    Dịch vụ bảo vệ|Phường Hà Đông|Số 14 đường Quang Trung
    Công ty TNHH Vệ sinh Công nghiệp Xanh Sạch|N|non_state|201-500|verified|org
    Vệ sinh tòa nhà, khu công nghiệp|Phường Thanh Liệt|Số 30 đường Kim Giang
    Trường Mầm non Tư thục Hoa Sen|P|non_state|10-50|verified|org
    Giáo dục mầm non|Phường Kim Liên|Số 8 phố Phạm Ngọc Thạch
    Bệnh viện Đa khoa An Bình Hà Nội|Q|non_state|201-500|verified|org
    Khám, chữa bệnh đa khoa|Phường Hai Bà Trưng|Số 101 phố Bà Triệu
    Công ty TNHH MTV Môi trường Xanh Thăng Long|E|state|501-1000|verified|org
    Thu gom, vận chuyển, xử lý rác thải|Phường Yên Nghĩa|Số 2 đường Lê Trọng Tấn
    Hợp tác xã Nông nghiệp Rau an toàn Văn Đức|A|non_state|10-50|verified|org
    Rau an toàn, hoa|Xã Gia Lâm|Thôn Trung Quan
    Hộ kinh doanh Cơm niêu Bà Hòa|I|non_state|<10|verified|household
    Nhà hàng cơm niêu|Phường Cửa Nam|Số 17 phố Hàng Bông
    Công ty TNHH Dịch vụ Gia đình Tâm An|S|non_state|51-100|verified|org
    Giúp việc, chăm sóc người cao tuổi|Phường Định Công|Số 60 phố Định Công
    Công ty Cổ phần Năng lượng Xanh Đông Dương|D|non_state|51-100|verified|org
    Điện mặt trời áp mái|Phường Việt Hưng|Số 5 phố Nguyễn Văn Cừ
    Công ty Cổ phần Vật liệu Xây dựng Đá Mỹ Đức|B|non_state|51-100|pending|org
    Khai thác đá xây dựng|Xã Mỹ Đức|Thôn Đồng Mít
    Công ty Cổ phần Vui chơi Giải trí Sóng Xanh|R|non_state|101-200|pending|org
    Công viên nước, tổ chức sự kiện|Phường Yên Sở|Số 1 đường Nguyễn Hữu Thọ
    Công ty TNHH Cung ứng Nhân lực Việt Tiến|N|non_state|10-50|pending|org
    Cung ứng lao động thời vụ|Phường Phú Diễn|Số 12 đường Cầu Diễn
""")
SMALL_EMPLOYERS = [tuple(a + b) for a, b in zip(_EMPLOYER_LINES[::2], _EMPLOYER_LINES[1::2], strict=True)]
DEMO_EMPLOYER = SMALL_EMPLOYERS[0]

# Venues: name|ward|street address|booths|seats. The first five satellites are used at small scale.
CENTRAL_FLOOR = ("Sàn giao dịch việc làm Trung tâm", "Phường Yên Hòa", "215 Trung Kính", "40", "500")
SATELLITE_FLOORS = table("""
    Sàn giao dịch việc làm vệ tinh Đông Anh|Xã Đông Anh|Số 68 đường Cao Lỗ|16|300
    Sàn giao dịch việc làm vệ tinh Hà Đông|Phường Hà Đông|Số 8 đường Quang Trung|20|300
    Sàn giao dịch việc làm vệ tinh Sóc Sơn|Xã Sóc Sơn|Số 1 đường Núi Đôi|12|250
    Sàn giao dịch việc làm vệ tinh Long Biên|Phường Long Biên|Số 2 phố Vạn Hạnh|16|300
    Sàn giao dịch việc làm vệ tinh Sơn Tây|Phường Sơn Tây|Số 5 phố Phó Đức Chính|12|250
    Sàn giao dịch việc làm vệ tinh Mê Linh|Xã Mê Linh|Khu hành chính Đại Thịnh|12|250
    Sàn giao dịch việc làm vệ tinh Thạch Thất|Xã Thạch Thất|Số 3 đường Phùng Hưng|12|250
    Sàn giao dịch việc làm vệ tinh Chương Mỹ|Phường Chương Mỹ|Số 10 đường Hòa Sơn|12|250
    Sàn giao dịch việc làm vệ tinh Thường Tín|Xã Thường Tín|Số 4 đường Nguyễn Du|12|250
    Sàn giao dịch việc làm vệ tinh Phú Xuyên|Xã Phú Xuyên|Số 21 đường Phú Xuyên|10|250
    Sàn giao dịch việc làm vệ tinh Ba Vì|Xã Ba Vì|Thôn Chợ Mơ|10|250
    Sàn giao dịch việc làm vệ tinh Gia Lâm|Xã Gia Lâm|Số 7 đường Ngô Xuân Quảng|14|300
    Sàn giao dịch việc làm vệ tinh Hoài Đức|Xã Hoài Đức|Số 9 Quốc lộ 32|12|250
    Sàn giao dịch việc làm vệ tinh Thanh Trì|Xã Thanh Trì|Số 15 đường Ngọc Hồi|12|250
""")
JOB_DAY_VENUE = ("Cung Văn hóa Lao động Hữu nghị Việt Xô", "Phường Cửa Nam", "91 Trần Hưng Đạo", "250", "5000")
SMALL_EXTERNAL = table("""
    Nhà văn hóa xã Phù Đổng|Xã Phù Đổng|Thôn Phù Dực|15|200
    Hội trường UBND xã Ba Vì|Xã Ba Vì|Thôn Chợ Mơ|15|200
    Nhà văn hóa xã Thường Tín|Xã Thường Tín|Thôn Văn Hội|15|200
""")
LINKED_PAST, LINKED_FUTURE = ("24", "33", "19", "25"), ("79", "48", "38", "40")
CO_ORGANISERS = "Sở Nội vụ Hà Nội; Thành đoàn Hà Nội; Hội Liên hiệp Thanh niên Việt Nam thành phố Hà Nội"
EVIDENCE = {
    "discharged_soldier": "Quyết định xuất ngũ",
    "police_completed_service": "Quyết định hoàn thành nghĩa vụ tham gia Công an nhân dân",
    "unemployment_insurance": "Quyết định hưởng trợ cấp thất nghiệp",
    "disabled": "Giấy xác nhận khuyết tật",
    "released_prisoner": "Giấy chứng nhận chấp hành xong án phạt tù",
    "post_rehab": "Giấy xác nhận hoàn thành cai nghiện",
    "student_graduate": "Bằng tốt nghiệp",
}
ACCESSIBILITY = {
    "needs_wheelchair_access": "Đi lại bằng xe lăn, cần lối đi và bàn phỏng vấn ở tầng trệt.",
    "needs_sign_language": "Khiếm thính, cần phiên dịch ngôn ngữ ký hiệu.",
    "needs_visual_assistance": "Khiếm thị một phần, cần người hỗ trợ điền phiếu.",
}


# --- people, employers and vacancies ---------------------------------------------------------------------------


def person_name(rng: random.Random, sex: str, birth_year: int) -> str:
    family = FAMILY_NAMES(rng)
    if sex == Sex.MALE:
        middle = "Văn" if birth_year < 1990 and rng.random() < 0.35 else MALE_MIDDLE(rng)
        given = rng.choice(MALE_GIVEN)
    else:
        middle = "Thị" if birth_year < 1990 and rng.random() < 0.4 else FEMALE_MIDDLE(rng)
        given = rng.choice(FEMALE_GIVEN)
        if middle == "Thị" and rng.random() < 0.12:
            middle = f"Thị {rng.choice(('Thu', 'Ngọc', 'Thanh', 'Hồng', 'Minh', 'Phương'))}"
    if given in middle.split():
        given = "Hải" if sex == Sex.MALE else "Ngân"
    return f"{family} {middle} {given}"


class WardPool:
    """Hà Nội's wards and communes (province 01); urban wards (phường) are drawn three times as often."""

    def __init__(self):
        self.units = list(AdministrativeUnit.objects.filter(province_id="01", level="ward").order_by("code"))
        if not self.units:
            raise RuntimeError("The administrative units are missing: run `manage.py migrate` first.")
        self.by_name = {unit.name: unit for unit in self.units}
        self.pick = Pick([(unit, 3 if unit.unit_type == "phường" else 1) for unit in self.units])

    def named(self, name: str) -> AdministrativeUnit:
        try:
            return self.by_name[name]
        except KeyError:
            raise RuntimeError(f"{name!r} is not a ward of Hà Nội in the reference data.") from None


def make_person(rng: random.Random, index: int, today: date, wards: WardPool, age_band=None, sex=None) -> dict:
    """The attributes of one job seeker, as job_seeker_create takes them (no database access)."""
    sex = sex or (Sex.MALE if rng.random() < 0.5 else Sex.FEMALE)
    low, high = age_band or AGE_BANDS(rng)
    date_of_birth = today - timedelta(days=rng.randint(low, high) * 365 + rng.randrange(365))
    qualification = QUALIFICATIONS(rng)
    if high < 23 and QUAL_RANK[qualification] > QUAL_RANK["university"]:
        qualification = "university"
    rank = QUAL_RANK[qualification]
    high_school = rank >= QUAL_RANK["college"] or (rank == QUAL_RANK["intermediate"] and rng.random() < 0.7)
    if rank >= QUAL_RANK["university"]:
        major = rng.choice(UNIVERSITY_MAJORS)
    elif rank >= QUAL_RANK["elementary"]:
        major = rng.choice(VOCATIONAL_MAJORS)
    else:
        major = ""
    template = rng.choice(TEMPLATES_BY_QUAL[qualification])
    age = (today - date_of_birth).days // 365
    experience = "none" if age < 21 else rng.choice(("lt1", "1-2") if age < 25 else ("1-2", "2-5", "gt5"))
    ward = wards.pick(rng)
    if ward.unit_type == "xã":
        address = f"Thôn {rng.choice(VILLAGES)}"
    else:
        address = f"Số {rng.randint(1, 199)}, ngõ {rng.randint(1, 320)}, tổ dân phố {rng.randint(1, 40)}"
    wanted_salary = money((template[5] + template[6]) / 2 * rng.uniform(0.9, 1.2))
    return {
        "full_name": person_name(rng, sex, date_of_birth.year),
        "citizen_id": demo_citizen_id(
            index, sex=sex, birth_year=date_of_birth.year, province_code=BIRTH_PROVINCES(rng)
        ),
        "date_of_birth": date_of_birth,
        "sex": sex,
        "phone": demo_phone(index),
        "address": address,
        "ward": ward,
        "general_education": "upper_secondary" if high_school else LOW_EDUCATION(rng),
        "qualification": qualification,
        "major": major,
        "wanted_occupation": template[0],
        "wanted_salary": None if rng.random() < 0.15 else wanted_salary,
        "working_arrangement": "part_time" if rng.random() < 0.1 else "full_time",
        "experience": experience,
        "skills": ", ".join(rng.sample(SKILLS, rng.randint(1, 3))),
        # The numbers are made up but valid, so they may be someone's: demo people get notices by e-mail only
        # (addresses under demo.vieclam.local, which no mail server serves), never by SMS.
        "notify_by_sms": False,
    }


def person_email(person: dict, index: int) -> str:
    parts = person["full_name"].split()
    return f"{slug(parts[-1])}.{slug(parts[0])}{index}@{DEMO_DOMAIN}"


def vacancy_fields(rng: random.Random, template, *, employer_size: str, ward, today: date) -> dict:
    """The fields of one vacancy from a template; `_cohorts` holds the priority cohort codes."""
    code, title, education, qualification, experience, low, high, places, part_time, benefits, cohorts = template
    factor = rng.uniform(0.9, 1.2)
    size_factor = {"<10": 0.2, "10-50": 0.4, "51-100": 0.6, "101-200": 0.8, "201-500": 1}.get(employer_size, 1.3)
    quantity = max(1, round(places * size_factor * rng.uniform(0.4, 1.6)))
    negotiable = rng.random() < 0.1
    return {
        "title": title,
        "occupation": code,
        "description": f"Tuyển {quantity} {lower_first(title)}, làm việc tại {ward.name}.",
        "quantity": quantity,
        "min_education": education,
        "min_qualification": qualification,
        "experience": experience,
        "working_arrangement": "part_time" if part_time and rng.random() < 0.5 else "full_time",
        "purpose": "side_job" if part_time and rng.random() < 0.3 else "long_term",
        "contract_type": rng.choice(("indefinite", "fixed_term", "probation")),
        "ward": ward,
        "salary_min": None if negotiable else money(low * factor),
        "salary_max": None if negotiable else money(high * factor),
        "salary_negotiable": negotiable,
        "benefits": list(
            dict.fromkeys(["social_insurance", *benefits, rng.choice(("training", "promotion", "meals"))])
        ),
        "disability_accessible": "disabled" in cohorts,
        "recruitment_methods": ["in_person", "cv", *(["online_interview"] if rng.random() < 0.4 else [])],
        "deadline": today + timedelta(days=rng.randint(20, 90)),
        "_cohorts": cohorts,
    }


# --- demo accounts, the marker and the counts ------------------------------------------------------------------


def login_lines() -> list[str]:
    logins = (("centre staff", STAFF_LOGIN), ("employer", EMPLOYER_LOGIN), ("job seeker", JOB_SEEKER_LOGIN))
    existing = set(User.objects.filter(email__in=[login for _l, (login, _p) in logins]).values_list("email", flat=True))
    lines = ["Demo logins (e-mail / password):"]
    for label, (login, password) in logins:
        lines.append(f"  {label:<13}{login} / {password}{'' if login in existing else '   (not in this database)'}")
    return lines


def seeded(scale: str) -> bool:
    return AuditEvent.objects.filter(action=MARKER_ACTION, object_type="demo", object_id=scale).exists()


def _demo_user(login, password, *, role, **fields) -> User:
    user = User.objects.filter(email=login).first()
    if user is None:
        user = User(username=login, email=login, role=role, **fields)
        user.set_password(password)
        user.save()
    return user


def _ensure_employer(spec, *, tax_code: str, wards: WardPool, index: int) -> Employer:
    name, section, ownership, size, _verification, _form, products, ward_name, address = spec
    employer, _created = Employer.objects.get_or_create(
        tax_code=tax_code,
        defaults={
            "name": name,
            "ownership": ownership,
            "vsic_section": section,
            "main_products": products,
            "workforce_size": size,
            "address": address,
            "ward": wards.named(ward_name),
            "phone": demo_phone(EMPLOYER_PHONE_OFFSET + SMALL_PERSON_BASE + index),
            "email": f"tuyendung@{slug(name)[:40]}.{DEMO_DOMAIN}",
            "contact_name": person_name(random.Random(index), Sex.FEMALE, 1985),
        },
    )
    return employer


def ensure_demo_accounts(wards: WardPool, today: date) -> tuple[User, User, User]:
    """The demo staff (staff, not superuser), the demo employer's user and the demo job seeker, made when missing."""
    staff = _demo_user(*STAFF_LOGIN, role=Role.STAFF, is_staff=True, first_name="Thu Hà", last_name="Nguyễn")
    employer = _ensure_employer(DEMO_EMPLOYER, tax_code=next(demo_tax_codes(DEMO_TAX_CURSOR)), wards=wards, index=0)
    if not employer.is_verified:
        employer = account_services.employer_verify(employer=employer, actor=staff, decision=Verification.VERIFIED)
    employer_user = _demo_user(
        *EMPLOYER_LOGIN, role=Role.EMPLOYER, employer=employer, first_name="Lan", last_name="Phạm Thị"
    )
    phone = demo_phone(DEMO_PERSON_INDEX)
    seeker_user = User.objects.filter(email=JOB_SEEKER_LOGIN[0]).first() or _demo_user(
        *JOB_SEEKER_LOGIN,
        role=Role.JOB_SEEKER,
        phone=None if User.objects.filter(phone=phone).exists() else phone,
        first_name="Minh",
        last_name="Nguyễn Đức",
    )
    if not JobSeeker.objects.filter(user=seeker_user).exists():
        birth = date(today.year - 24, 3, 14)
        citizen_id = demo_citizen_id(DEMO_PERSON_INDEX, sex=Sex.MALE, birth_year=birth.year)
        seeker = account_services.job_seeker_create(
            actor=None,
            user=seeker_user,
            full_name="Nguyễn Đức Minh",
            citizen_id=None if JobSeeker.objects.filter(citizen_id=citizen_id).exists() else citizen_id,
            date_of_birth=birth,
            sex=Sex.MALE,
            phone=phone,
            email=JOB_SEEKER_LOGIN[0],
            ward=wards.named("Phường Cầu Giấy"),
            address="Số 12, ngõ 165, tổ dân phố 9",
            general_education="upper_secondary",
            qualification="university",
            major="Logistics và quản lý chuỗi cung ứng",
            wanted_occupation="4323",
            wanted_salary=11_000_000,
            working_arrangement="full_time",
            experience="lt1",
            skills="Tin học văn phòng, Tiếng Anh giao tiếp, Lái xe hạng B",
            notify_by_sms=False,
        )
        account_services.consent_give(job_seeker=seeker, purpose=ConsentPurpose.TERMS, actor=None)
        account_services.cohort_membership_declare(
            job_seeker=seeker,
            cohort=Cohort.objects.get(code="student_graduate"),
            share_with_employers=True,
            actor=None,
            evidence_note=EVIDENCE["student_graduate"],
        )
    return staff, employer_user, seeker_user


COUNTED_MODELS = (
    User,
    Employer,
    JobSeeker,
    CohortMembership,
    ConsentRecord,
    Venue,
    SessionSeries,
    JobSession,
    Participation,
    Vacancy,
    Registration,
    Interview,
    HiringOutcome,
    Notification,
    AuditEvent,
)


def model_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


# --- entry point -----------------------------------------------------------------------------------------------


def run(
    *,
    scale: str = "small",
    seed: int = DEFAULT_SEED,
    fraction: float = 1.0,
    year: int | None = None,
    if_empty: bool = False,
    profile: str | None = None,
    out=print,
) -> dict[str, int]:
    """Seed the demo data, all or nothing; returns the rows created per model (empty when nothing was created).
    A `profile` (a key of PROFILES) replaces the scale: the bulk generator with that profile's targets."""
    if scale not in SCALES:
        raise ValueError(f"Unknown scale {scale!r}: choose one of {', '.join(SCALES)}.")
    if profile is not None and profile not in PROFILES:
        raise ValueError(f"Unknown profile {profile!r}: choose one of {', '.join(PROFILES)}.")
    if profile is not None:
        scale = profile
    if if_empty and JobSession.objects.exists():
        out("Sessions already exist: no demo data seeded.")
        return {}
    if seeded(scale):
        out(f"Demo data ({scale}) is already in this database: nothing new was created.")
        return {}
    started = clock.monotonic()
    before = model_counts()
    builder = (
        SmallDemo(seed=seed, out=out)
        if scale == "small"
        else HanoiYear(seed=seed, fraction=fraction, year=year, out=out, profile=PROFILES.get(scale, HANOI_YEAR))
    )
    with transaction.atomic():
        builder.build()
        # The services wrote the notices of the seeded history to the outbox; the ones already due count as sent
        # back then (nothing is delivered on commit), future reminders stay pending and go out on schedule.
        seeded_notices = Notification.objects.filter(
            session__in=builder.session_ids, status=Notification.Status.PENDING
        )
        settled = seeded_notices.filter(send_after__lte=timezone.now()).update(
            status=Notification.Status.SENT, sent_at=F("send_after"), attempts=1
        )
        waiting = seeded_notices.count()
        AuditEvent.objects.create(
            actor=builder.staff,
            action=MARKER_ACTION,
            object_type="demo",
            object_id=scale,
            data={"seed": seed, **builder.marker_data},
        )
    after = model_counts()
    created = {name: after[name] - before[name] for name in after if after[name] != before[name]}
    out(f"Created demo data ({scale}, seed {seed}) in {clock.monotonic() - started:.1f} s — new rows per model:")
    for name, count in created.items():
        out(f"  {name:<17}{count:>9,}")
    if settled or waiting:
        out(f"Notifications: {settled:,} due notices of the seeded history recorded as sent, {waiting:,} pending.")
    return created


# --- small scale: through the services -------------------------------------------------------------------------


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
            employer = _ensure_employer(spec, tax_code=tax_code, wards=self.wards, index=index)
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
        session = services.session_publish(session=session, actor=staff)
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
        checked = []  # at the desk, or (online) on joining the interview rooms
        for registration in present:
            registration, _new = services.registration_check_in(code=registration.check_in_code, actor=staff)
            registration.checked_in_at = starts + timedelta(minutes=rng.randint(0, 180))
            if registration.source == Registration.Source.WALK_IN:
                registration.confirmed_at = registration.checked_in_at
            checked.append(registration)
        Registration.objects.bulk_update(checked, ["checked_in_at", "confirmed_at"])
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


# --- hanoi-year: bulk --------------------------------------------------------------------------------------------

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
                    user = User(
                        username=person["phone"] if rng.random() < 0.6 else person["email"],
                        email=person["email"],
                        phone=person["phone"],
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
        rows = []
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
            rows.append(
                (self._other_row(session, person, RegStatus.WAITLISTED, last + (starts - last) * rng.random()), None)
            )
        for person in rest[item["waitlisted"] :]:
            moment = self._moment(session)
            row = self._other_row(session, person, RegStatus.CANCELLED, moment)
            row.confirmed_at, row.cancelled_at = moment, moment + (starts - moment) * rng.random()
            row.updated_at = row.cancelled_at
            rows.append((row, None))
        rows.sort(key=lambda pair: pair[0].created_at)  # ids in the order people registered (FIFO waitlist)
        return rows

    def _other_row(self, session, person, status, moment) -> Registration:
        source = Registration.Source.ONLINE if self.has_account[person] else Registration.Source.STAFF
        return Registration(
            session=session,
            job_seeker_id=self.person_ids[person],
            status=status,
            source=source,
            check_in_code=new_check_in_code(),
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
        outcome = HiringOutcome(
            interview_id=interview.pk,
            status=status,
            start_date=start_date if status == Outcome.STARTED else None,
            monthly_salary=salary if status == Outcome.STARTED else None,
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
