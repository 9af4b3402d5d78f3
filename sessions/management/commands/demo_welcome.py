"""`manage.py demo_welcome --wait`: `make run`'s last words — the demo logins and the address, printed once the
development server answers, so they are not scrolled away by its banner and the first notices."""

import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand

from sessions.demo.people import login_lines


def server_answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP answer means the server is up
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return False


class Command(BaseCommand):
    help = "Print the demo logins and the site's address (with --wait: once the server at SITE_URL answers)."

    def add_arguments(self, parser):
        parser.add_argument("--wait", type=float, default=0, help="seconds to wait for the server to answer")

    def handle(self, *args, wait, **options):
        deadline = time.monotonic() + wait
        while wait and not server_answers(settings.SITE_URL) and time.monotonic() < deadline:
            time.sleep(0.5)
        for line in login_lines():
            self.stdout.write(line)
        mail_log = settings.MAIL_LOG_FILE
        self.stdout.write(f"Open {settings.SITE_URL}/ — e-mails: one line each here, in full in {mail_log}")
