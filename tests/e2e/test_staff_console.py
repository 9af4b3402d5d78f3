"""The staff console in Chromium: planning a series across a holiday, the desk (typed code and a QR code shown to
a fake camera), outcome entry feeding the dashboard, the xlsx download against the page; axe on every staff page."""

import io
import struct
import zlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from sessions.models import HiringOutcome, JobSession, PlanTarget, Registration
from sessions.notifications.calendar import check_in_qr_png
from tests import factories
from tests.e2e.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.e2e.world import STAFF_PASSWORD, make_staff, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH, HEIGHT = 640, 480


# --- a fake camera: the QR PNG as a Y4M video --------------------------------------------------------------------


def png_to_grey(data: bytes) -> tuple[int, int, list[bytearray]]:
    """Decode a non-interlaced greyscale PNG (bit depth 1, 2, 4 or 8, as segno writes it) into rows of 0–255."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _c, _f, interlace = header
    assert colour == 0 and interlace == 0 and depth in (1, 2, 4, 8), header
    raw = zlib.decompress(idat)
    stride = (width * depth + 7) // 8
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):  # PNG filters (bytes per pixel is 1 for these depths)
            left = line[i - 1] if i else 0
            up, up_left = previous[i], (previous[i - 1] if i else 0)
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 255
        previous = line
        maximum = (1 << depth) - 1
        pixels = bytearray()
        for x in range(width):
            bit = x * depth
            value = (line[bit // 8] >> (8 - depth - bit % 8)) & maximum
            pixels.append(value * 255 // maximum)
        rows.append(pixels)
    return width, height, rows


# The code's module size, frame by frame, as a phone held in the hand moves: the scanner draws the video onto a canvas
# the width of the page's column, and a pixel-exact code resampled at one fixed ratio can fall on a pattern the
# decoder misreads (a code drawn at 10 px a module was never read in a 545 px column, and was read at 400, 500 or 640).
MODULE_SIZES = (10, 9, 11, 8, 12)


def qr_y4m(code: str, path: Path, frames: int = 10) -> Path:
    """A Y4M (YUV 4:2:0) video of the QR code of `code` on a white frame, its size changing from frame to frame
    (MODULE_SIZES): Chromium's fake camera plays it."""
    chroma = b"\x80" * (WIDTH // 2 * HEIGHT // 2)
    out = io.BytesIO()
    out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
    for frame in range(frames):
        width, height, rows = png_to_grey(check_in_qr_png(code, scale=MODULE_SIZES[frame % len(MODULE_SIZES)]))
        assert width <= WIDTH and height <= HEIGHT
        luma = bytearray(b"\xff" * (WIDTH * HEIGHT))
        left, top = (WIDTH - width) // 2, (HEIGHT - height) // 2
        for y, row in enumerate(rows):
            luma[(top + y) * WIDTH + left : (top + y) * WIDTH + left + width] = row
        out.write(b"FRAME\n" + bytes(luma) + chroma + chroma)
    path.write_bytes(out.getvalue())
    return path


def test_qr_video_is_a_valid_y4m(tmp_path):
    video = qr_y4m("abcdef0123456789", tmp_path / "qr.y4m", frames=2)
    data = video.read_bytes()
    header, _sep, rest = data.partition(b"\n")
    assert header.startswith(b"YUV4MPEG2 W640 H480")
    frame = len(b"FRAME\n") + WIDTH * HEIGHT * 3 // 2
    assert len(rest) == 2 * frame and rest.startswith(b"FRAME\n")
    luma = rest[6 : 6 + WIDTH * HEIGHT]
    assert 0 in luma and 255 in luma  # black modules on white


# --- the world -----------------------------------------------------------------------------------------------


def _today_session(**fields) -> JobSession:
    # Under way on the live server's real clock, whatever the hour: the desk and the booths work only on the day.
    start = timezone.now().replace(microsecond=0) - timedelta(minutes=30)
    return factories.JobSessionFactory(
        title="Phiên giao dịch việc làm định kỳ Cầu Giấy",
        starts_at=start,
        ends_at=start + timedelta(hours=10),
        registration_opens_at=start - timedelta(days=7),
        job_seeker_capacity=50,
        **fields,
    )


def _interview_at_a_booth(session: JobSession):
    """Đỗ Minh Tuấn's interview for the vacancy an employer brought to its booth at the session."""
    booth = factories.ParticipationFactory(session=session)
    vacancy = factories.VacancyFactory(employer=booth.employer, title="Công nhân may")
    booth.vacancies.add(vacancy)
    return factories.InterviewFactory(
        registration__session=session, registration__job_seeker__full_name="Đỗ Minh Tuấn", vacancy=vacancy
    )


def _staff_page(new_page, steps, **options):
    make_staff()
    page = new_page(**options)
    sign_in(page, steps, "canbo@vieclam.vn", STAFF_PASSWORD)
    return page


# --- the flows -----------------------------------------------------------------------------------------------


def test_planner_creates_a_series_across_a_holiday(new_page, steps):
    venue = factories.VenueFactory(name="Sàn giao dịch việc làm Trung Kính")
    factories.EmployerFactory(name="Công ty Cổ phần May Thăng Long", verification="pending")
    year = timezone.localdate().year + 1
    holiday = date(year, 4, 30)  # Reunification Day
    page = _staff_page(new_page, steps)

    page.goto(steps.url("/staff/"))
    steps.check(page, "dashboard")

    page.goto(steps.url("/staff/sessions/series/"))
    page.fill("#id_title", "Phiên giao dịch việc làm định kỳ thứ sáu")
    page.select_option("#id_venue", str(venue.pk))
    page.check(f"input[name=weekdays][value='{holiday.weekday()}']")
    page.fill("#id_start_time", "08:00")
    page.fill("#id_end_time", "11:30")
    page.fill("#id_date_from", f"{year}-04-20")
    page.fill("#id_date_to", f"{year}-05-10")
    page.locator("#id_date_to").dispatch_event("change")
    # before saving, the preview names the sessions to be created and the holiday skipped
    page.locator("#series-preview [data-preview=skipped]", has_text=f"30/04/{year}").wait_for()
    assert "Sẽ tạo 2 phiên" in page.inner_text("#series-preview [data-preview=count]")
    steps.check(page, "series-form")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/staff/sessions/" in page.url
    assert f"30/04/{year}" in page.inner_text(".messages")
    days = sorted(timezone.localtime(s.starts_at).date() for s in JobSession.objects.filter(venue=venue))
    assert holiday not in days and len(days) == 2
    assert days == [holiday - timedelta(days=7), holiday + timedelta(days=7)]

    page.goto(steps.url(f"/staff/sessions/?week={holiday.isoformat()}"))
    header = page.locator("table.planner thead th").nth(holiday.weekday() + 1)
    assert header.locator(".badge").count() == 1  # the holiday is named in the calendar
    steps.check(page, "planner-holiday-week")

    # A single session on a booked slot: the clash shows before saving.
    first = JobSession.objects.filter(venue=venue).order_by("starts_at").first()
    page.goto(steps.url("/staff/sessions/new/"))
    page.fill("#id_title", "Phiên chuyên đề thanh niên")
    page.select_option("#id_venue", str(venue.pk))
    page.fill("#id_day", days[0].isoformat())
    page.fill("#id_start_time", "09:00")
    page.fill("#id_end_time", "10:00")
    page.locator("#id_end_time").dispatch_event("change")
    page.locator("#clash", has_text=first.code).wait_for()
    steps.check(page, "session-form-clash")
    page.fill("#id_start_time", "13:00")
    page.fill("#id_end_time", "16:00")
    page.locator("#id_end_time").dispatch_event("change")
    page.wait_for_function(f"() => !document.getElementById('clash').textContent.includes('{first.code}')")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    created = JobSession.objects.get(title="Phiên chuyên đề thanh niên")
    assert page.url.endswith(f"/staff/sessions/{created.pk}/")

    page.goto(steps.url(f"/staff/sessions/{first.pk}/"))
    steps.check(page, "session-draft")
    page.click("button[name=action][value=publish]")
    page.wait_for_load_state()
    first.refresh_from_db()
    assert first.status == "published"
    steps.check(page, "session-published")


def test_desk_checks_in_by_typed_code(new_page, steps):
    session = started_half_an_hour_ago()
    registration = factories.RegistrationFactory(session=session, job_seeker__full_name="Nguyễn Văn Bình")
    page = _staff_page(new_page, steps)
    page.goto(steps.url(f"/staff/sessions/{session.pk}/desk/"))
    steps.check(page, "desk")
    page.fill("#id_code", registration.check_in_code)
    page.click("#check-in-form button[type=submit]")
    page.locator("#check-in-result [data-result=ok]", has_text="Nguyễn Văn Bình").wait_for()
    page.locator("[data-count=attended]", has_text="1").wait_for(timeout=15_000)  # HTMX polling
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    steps.check(page, "desk-checked-in")

    page.fill("#id_code", "not-a-code")
    page.click("#check-in-form button[type=submit]")
    page.locator("#check-in-result [data-result=refused]").wait_for()
    steps.check(page, "desk-refused")


def started_half_an_hour_ago(**fields) -> JobSession:
    """A session under way on the live server's real clock, the desk open (check-in opens an hour before the start
    and closes at the end)."""
    start = timezone.now().replace(microsecond=0) - timedelta(minutes=30)
    fields = {"job_seeker_capacity": 50, **fields}
    return factories.JobSessionFactory(
        starts_at=start, ends_at=start + timedelta(hours=4), registration_opens_at=start - timedelta(days=7), **fields
    )


def camera_browser_for(browser, video: Path):
    """A Chromium of its own whose fake camera plays `video`."""
    return browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )


def scan_until(page, result, *, attempts: int = 3, timeout: int = 45_000) -> None:
    """Start the desk's camera and wait for `result`. Under a loaded machine the camera may start late or the
    decoder miss the frames: then the camera is stopped and started again (the QR shown anew), up to `attempts`
    times; what the test checks afterwards is unchanged. The camera is stopped once the result is there, so the
    code still in view is not sent again."""
    for attempt in range(1, attempts + 1):
        page.locator("#scan-start").click()
        try:
            result.wait_for(timeout=timeout)
            break
        except PlaywrightTimeoutError as exc:
            if attempt == attempts:  # what the desk showed says whether the camera, the decoder or the server failed
                status = page.locator("#scan-status").inner_text()
                shown = page.locator("#check-in-result").inner_html()
                raise AssertionError(f"no result after {attempts} scans; status {status!r}, result {shown!r}") from exc
            if page.locator("#scan-stop").is_visible():
                page.locator("#scan-stop").click()
            page.locator("#scan-start").wait_for(state="visible")
    if page.locator("#scan-stop").is_visible():
        page.locator("#scan-stop").click()
        page.locator("#scan-start").wait_for(state="visible")


def test_desk_checks_in_by_qr_code_shown_to_the_camera(browser, steps, tmp_path):
    session = started_half_an_hour_ago()
    registration = factories.RegistrationFactory(session=session, job_seeker__full_name="Phạm Thị Hạnh")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    video = qr_y4m(registration.check_in_code, tmp_path / "qr.y4m")
    camera_browser = camera_browser_for(browser, video)
    try:
        context = camera_browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="vi-VN", permissions=["camera"]
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        make_staff()
        sign_in(page, steps, "canbo@vieclam.vn", STAFF_PASSWORD)
        page.goto(steps.url(f"/staff/sessions/{session.pk}/desk/"))
        scan_until(page, page.locator("#check-in-result [data-result=ok]", has_text="Phạm Thị Hạnh"))
        registration.refresh_from_db()
        assert registration.status == Registration.Status.ATTENDED
        steps.check(page, "desk-qr-camera")
        context.close()
    finally:
        camera_browser.close()


def test_outcome_entry_updates_the_dashboard(new_page, steps):
    session = _today_session()
    interview = _interview_at_a_booth(session)
    vacancy = interview.vacancy
    walk_up = factories.RegistrationFactory(session=session, job_seeker__full_name="Vũ Thị Lan")
    factories.EmployerFactory(name="Công ty TNHH Cơ khí Hà Đông", verification="pending")
    page = _staff_page(new_page, steps)

    page.goto(steps.url("/staff/"))
    started = page.locator("#progress-table tr[data-metric=started_work] [data-value]")
    assert started.inner_text().strip() == "0"

    page.goto(steps.url(f"/staff/sessions/{session.pk}/interviews/"))
    steps.check(page, "interviews")
    row = page.locator(f"tr[data-interview='{interview.pk}']")
    row.locator("select[name=outcome]").select_option("started")
    row.locator("input[name=start_date]").fill(timezone.localdate().isoformat())
    row.locator("input[name=monthly_salary]").fill("9000000")
    row.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert HiringOutcome.objects.get(interview=interview).status == "started"
    steps.check(page, "interviews-saved")

    # A new interview: the person named by the code of their QR, typed as a scanner would.
    page.fill("#id_person", walk_up.check_in_code)
    page.select_option("#id_vacancy", str(vacancy.pk))
    page.select_option("#id_result", "second_round")
    page.click("main form button:has-text('Ghi nhận phỏng vấn')")
    page.wait_for_load_state()
    page.locator("tr[data-interview]", has_text="Vũ Thị Lan").wait_for()
    assert walk_up.interviews.get().result == "second_round"

    page.goto(steps.url("/staff/"))
    assert page.locator("#progress-table tr[data-metric=started_work] [data-value]").inner_text().strip() == "1"
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('progress-chart'))")
    assert page.get_attribute("#progress-chart", "data-mode") == "values"  # no target set this year
    steps.check(page, "dashboard-after-outcome")

    for path, step in (
        ("/staff/follow-up/", "follow-up"),
        ("/staff/employers/", "employers"),
        ("/staff/plan/", "plan"),
        (f"/staff/sessions/{session.pk}/results/", "result-sheet"),
    ):
        page.goto(steps.url(path))
        steps.check(page, step)


def test_the_interviews_page_fits_a_phone(new_page, steps):
    """At 360 px each interview is a card: its fields stacked under their labels, full width, nothing off the side
    of the screen; and saving from there works as on a desk's screen."""
    session = _today_session()
    interview = _interview_at_a_booth(session)
    page = _staff_page(new_page, steps, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)

    page.goto(steps.url(f"/staff/sessions/{session.pk}/interviews/"))
    steps.check(page, "interviews-phone")

    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    row = page.locator(f"tr[data-interview='{interview.pk}']")
    for name in ("result", "outcome", "start_date", "monthly_salary"):
        field = row.locator(f"[name={name}]")
        box = field.bounding_box()
        assert box["width"] >= 250, (name, box)  # the card's width, not a squeezed column
        label = field.evaluate("el => getComputedStyle(el.closest('td'), '::before').content")
        assert label.strip('"').endswith(": "), (name, label)
    assert row.locator("[name=outcome]").bounding_box()["y"] > row.locator("[name=result]").bounding_box()["y"]

    row.locator("select[name=outcome]").select_option("offered")
    row.locator("input[name=start_date]").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    with page.expect_navigation():
        row.locator("button[type=submit]").tap()
    steps.check(page, "interviews-phone-saved")
    outcome = HiringOutcome.objects.get(interview=interview)
    assert (outcome.status, outcome.start_date) == ("offered", timezone.localdate() + timedelta(days=14))


def test_xlsx_download_matches_the_page(new_page, steps):
    session = _today_session()
    for status in ("attended", "attended", "confirmed"):
        factories.RegistrationFactory(session=session, status=status)
    year = timezone.localdate().year
    PlanTarget.objects.create(year=year, quarter=None, metric="job_seekers_attended", target=8)
    page = _staff_page(new_page, steps)

    page.goto(steps.url(f"/staff/reports/?period=year&year={year}&group_by=sex&group_by=kind"))
    page.wait_for_function("() => window.Chart && document.querySelectorAll('canvas[data-chart]').length === 3")
    assert page.evaluate("[...document.querySelectorAll('canvas[data-chart]')].every((c) => Chart.getChart(c))")
    # a target is set: the totals chart shows the share of plan in percent (the page's table says 25,0%)
    assert page.get_attribute("canvas[data-chart=summary-data]", "data-mode") == "percent"
    assert page.evaluate(
        "Chart.getChart(document.querySelector('canvas[data-chart=summary-data]')).data.datasets[0].data"
    ) == [25.0]
    steps.check(page, "summary")
    # the period shows only its own fields
    assert page.is_visible("#id_year") and page.is_hidden("#id_quarter") and page.is_hidden("#id_date_from")
    page.select_option("#id_period", "range")
    assert page.is_visible("#id_date_from") and page.is_visible("#id_date_to") and page.is_hidden("#id_year")
    page.select_option("#id_period", "year")
    page_values = [
        int(cell.inner_text().replace(".", "").strip())
        for cell in page.locator("#summary-totals tbody td[data-value]").all()
    ]
    with page.expect_download() as download_info:
        page.click("#download-xlsx")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    sheet = workbook.worksheets[0]
    file_values = [row[1] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]]
    assert file_values == page_values
    assert page_values[4] == 2  # job_seekers_attended: two people attended
    # totals, the two breakdowns, the referrals and the survey
    assert workbook.sheetnames[1:] == ["Giới tính", "Loại phiên", "Giới thiệu bước tiếp theo", "Khảo sát hài lòng"]
