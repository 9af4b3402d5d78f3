"""Template context shared by every web page: who the centre is and how to reach it (the footer)."""

from django.conf import settings


def centre(request):
    return {
        "centre": {
            "name": settings.JOBFAIR_CENTRE_NAME,
            "address": settings.JOBFAIR_CENTRE_ADDRESS,
            "phone": settings.JOBFAIR_CENTRE_PHONE,
            "email": settings.JOBFAIR_CENTRE_EMAIL,
        }
    }
