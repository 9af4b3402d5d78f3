"""Vietnamese first on the public web pages (DESIGN §2, LANGUAGE_CODE "vi").

Django's LocaleMiddleware would follow the browser's Accept-Language, so a phone set to English would get English
pages before the person ever chose. On the web pages of job seekers and employers only the language switch (its
cookie) changes the language. The API keeps following Accept-Language, so that its messages come in the request's
language (DESIGN §5), and so does the staff's admin.
"""

from django.utils.cache import add_never_cache_headers

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
