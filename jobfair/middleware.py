"""Vietnamese first on the public web pages (DESIGN §2, LANGUAGE_CODE "vi").

Django's LocaleMiddleware would follow the browser's Accept-Language, so a phone set to English would get English
pages before the person ever chose. On the web pages of job seekers and employers only the language switch (its
cookie) changes the language. The API keeps following Accept-Language, so that its messages come in the request's
language (DESIGN §5), and so does the staff's admin.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

FOLLOW_ACCEPT_LANGUAGE = ("/api/", "/admin/")


class VietnameseFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(FOLLOW_ACCEPT_LANGUAGE):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


NUL = "\x00"


class RejectNulCharactersMiddleware:
    """A NUL character in a query or form value is refused with a 400 before any view sees it: PostgreSQL cannot
    store or compare it, so it would otherwise end as a server error somewhere deep in a lookup. (In a path it
    matches no route, or the lookup answers 404 as for any unknown id.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            message = _("The request contains a character that cannot be used (NUL). Please type the text again.")
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": str(message)}, status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        values = [request.GET]
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            values.append(request.POST)
        return any(NUL in key or NUL in value for data in values for key, items in data.lists() for value in items)
