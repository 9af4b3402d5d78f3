"""Vietnamese first on the public web pages (DESIGN §2, LANGUAGE_CODE "vi").

Django's LocaleMiddleware would follow the browser's Accept-Language, so a phone set to English would get English
pages before the person ever chose. On the web pages of job seekers and employers only the language switch (its
cookie) changes the language. The API keeps following Accept-Language, so that its messages come in the request's
language (DESIGN §5), and so does the staff's admin.
"""

FOLLOW_ACCEPT_LANGUAGE = ("/api/", "/admin/")


class VietnameseFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(FOLLOW_ACCEPT_LANGUAGE):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
