"""The server-error answer (handler500). A database that cannot be reached for a moment (a restart, a failover, a
connection refused) is a 503 to try again shortly, with Retry-After, not a 500: load balancers, the bench's and the
topology's clients and people alike then know that trying again is right."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.views import defaults

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
UNAVAILABLE = _("The service is briefly unavailable. Please try again in a few seconds.")
RETRY_AFTER_SECONDS = "5"
# Input the database cannot hold or compare (a NUL byte in a text, a number past its column): the request's fault.
UNHOLDABLE_INPUT = _("The request contains a value that is not valid (for example a NUL character).")


def json_answer(body: dict, status: int) -> JsonResponse:
    """An API answer given outside DRF (an error page, a middleware), its text as the person reads it."""
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def unavailable_api_body() -> dict:
    return {"code": "service_unavailable", "detail": str(UNAVAILABLE)}


def server_error(request):
    """Like Django's own handler500, the page is rendered without the request's context (its processors may need the
    database); the API's paths answer JSON."""
    unavailable = isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE)
    status = 503 if unavailable else 500
    if request.path.startswith("/api/"):
        body = unavailable_api_body() if unavailable else {"detail": str(_("A server error occurred."))}
        response = json_answer(body, status)
    else:
        response = HttpResponse(loader.get_template(f"{status}.html").render(), status=status)
    if unavailable:
        response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def page_not_found(request, exception):
    """An address the API does not have answers the API's JSON (DESIGN §5), like a row it does not have; the web
    pages keep Django's 404 page."""
    if request.path.startswith("/api/"):
        return json_answer({"detail": str(_("Not found."))}, 404)
    return defaults.page_not_found(request, exception)
