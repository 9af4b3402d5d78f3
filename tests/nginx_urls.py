"""The project's URLs plus one that tells what reached Django through nginx, for tests/test_nginx.py only."""

from django.http import JsonResponse
from django.urls import include, path

from jobfair.addresses import client_address


def seen(request):
    return JsonResponse(
        {
            "secure": request.is_secure(),
            "client": client_address(request),
            "host": request.get_host(),
            "request_id": request.META.get("HTTP_X_REQUEST_ID", ""),
        }
    )


urlpatterns = [path("_seen/", seen), path("", include("jobfair.urls"))]
