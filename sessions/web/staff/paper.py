"""Paper for the day: the attendance list, the booth signs and the result sheet, each a page that prints on A4
(css/print.css) and, with ?format=pdf, a PDF file (WeasyPrint, jobfair.pdf)."""

from __future__ import annotations

import segno
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.access import Kind, record_access
from accounts.decorators import staff_required
from jobfair.links import absolute_url
from jobfair.pdf import PdfUnavailable, pdf_response
from sessions import selectors
from sessions.models import JobSession, Participation
from sessions.reports import figures
from sessions.web.staff.common import session_or_404

QR_SCALE = 6


def booth_sign_url(booth: Participation) -> str:
    """Where a booth sign's QR code leads: the employer's vacancies at this session on the public site."""
    path = reverse("web:session_detail", args=[booth.session_id])
    return absolute_url(f"{path}#booth-{booth.pk}")


def booth_sign_qr(url: str) -> str:
    """The QR code of `url` as an SVG data URI (the page and the PDF carry it inline)."""
    return segno.make(url, error="m").svg_data_uri(scale=QR_SCALE, border=2)


def _wants_pdf(request) -> bool:
    return request.GET.get("format") == "pdf"


def _pdf_or_message(request, session: JobSession, template: str, context: dict, filename: str):
    try:
        return pdf_response(request, template, context, filename=filename)
    except PdfUnavailable:
        return render(
            request,
            "sessions/staff/paper/pdf_unavailable.html",
            {"session": session, "back": request.path},
            status=503,
        )


@staff_required
@require_GET
def attendance_list(request, pk):
    session = session_or_404(pk)
    registrations = selectors.attendance_list(session)
    # The list shows each person's phone and birth year to staff: a read of personal data, on screen or on paper.
    record_access(
        request,
        Kind.CONTACT,
        job_seeker_ids=[r.job_seeker_id for r in registrations],
        session=session.pk,
        paper="attendance_list",
        format="pdf" if _wants_pdf(request) else "html",
    )
    context = {"session": session, "registrations": registrations}
    if _wants_pdf(request):
        filename = f"danh-sach-tham-du-{slugify(session.code)}.pdf"
        return _pdf_or_message(request, session, "sessions/staff/paper/attendance_list_pdf.html", context, filename)
    return render(request, "sessions/staff/paper/attendance_list.html", context)


def _signs(session: JobSession, booth_id: int | None = None) -> list[dict]:
    signs = []
    for booth in selectors.booth_signs(session, booth_id=booth_id):
        url = booth_sign_url(booth)
        signs.append({"booth": booth, "url": url, "qr": booth_sign_qr(url)})
    return signs


@staff_required
@require_GET
def booth_signs(request, pk, booth_pk=None):
    """Every approved booth's sign of a session (one A4 page each), or one booth's."""
    session = session_or_404(pk)
    signs = _signs(session, booth_pk)
    if booth_pk is not None and not signs:
        raise Http404(_("No approved booth with this number at the session."))
    context = {"session": session, "signs": signs, "single": booth_pk is not None}
    if _wants_pdf(request):
        suffix = f"-{slugify(signs[0]['booth'].booth_label) or signs[0]['booth'].pk}" if booth_pk is not None else ""
        filename = f"bien-gian-hang-{slugify(session.code)}{suffix}.pdf"
        return _pdf_or_message(request, session, "sessions/staff/paper/booth_signs_pdf.html", context, filename)
    return render(request, "sessions/staff/paper/booth_signs.html", context)


def result_sheet_pdf(request, session: JobSession):
    """The end-of-session result sheet as a PDF (the page is results.result_sheet)."""
    context = {"session": session, "sheet": figures.session_result_sheet(session)}
    filename = f"ket-qua-{slugify(session.code)}.pdf"
    return _pdf_or_message(request, session, "sessions/staff/paper/result_sheet_pdf.html", context, filename)
