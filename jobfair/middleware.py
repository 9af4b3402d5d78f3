"""Vietnamese first on the public web pages (DESIGN §2, LANGUAGE_CODE "vi").

Django's LocaleMiddleware would follow the browser's Accept-Language, so a phone set to English would get English
pages before the person ever chose. On the web pages of job seekers and employers only the language switch (its
cookie) changes the language. The API keeps following Accept-Language, so that its messages come in the request's
language (DESIGN §5), and so does the staff's admin.
"""

from django.db import DataError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from jobfair.error_pages import UNHOLDABLE_INPUT, json_answer

FOLLOW_ACCEPT_LANGUAGE = ("/api/", "/admin/")


class VietnameseFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(FOLLOW_ACCEPT_LANGUAGE):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class PrivateResponsesMiddleware:
    """A response to a signed-in user carries personal data (candidates, the desk, a profile, registrations,
    exports, the API's own rows): no browser or proxy may keep it. Public pages stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # private, no-store, no-cache, max-age=0, must-revalidate
        return response


class UnholdableInputMiddleware:
    """The last net under the web pages and the admin: a value the database cannot hold or compare (a NUL byte, a
    number past its column) or a date past the calendar (a year 99999999999 in an admin filter) is the request's
    fault: a 400 that says so, not a 500. Forms and services refuse such values next to their field first; this
    catches what reaches the database or the date arithmetic unchecked (Django's own admin filters among them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DataError | OverflowError):
            return None
        if request.path_info.startswith("/api/"):
            return json_answer({"detail": str(UNHOLDABLE_INPUT)}, 400)
        return render(request, "400.html", {"message": UNHOLDABLE_INPUT}, status=400)
