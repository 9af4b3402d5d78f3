"""Pages as PDF files with WeasyPrint. It needs system libraries (Pango, HarfBuzz) and fonts with Vietnamese glyphs,
which scripts/ensure-pdf.sh installs (`make test` runs it). A machine without them answers PdfUnavailable, which the
views turn into a clear message rather than an error."""

from __future__ import annotations

import logging

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

PDF_STYLESHEET = "css/print.css"


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it loads are missing on this machine."""


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint is installed, Pango is not
        logger.warning("PDF files cannot be made here: %s", exc)
        raise PdfUnavailable(str(exc)) from exc
    return weasyprint


def pdf_bytes(html: str) -> bytes:
    weasyprint = _weasyprint()
    stylesheet = weasyprint.CSS(filename=finders.find(PDF_STYLESHEET))
    # Only what the page carries itself (the QR codes as data: URIs): a PDF never fetches from the network.
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, base_url="/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet])


def pdf_response(request, template: str, context: dict, *, filename: str) -> HttpResponse:
    """The template rendered as an A4 PDF download (raises PdfUnavailable)."""
    html = render_to_string(template, context, request=request)
    response = HttpResponse(pdf_bytes(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
