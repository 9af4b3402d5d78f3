"""The e-mail backend of `make run`: one readable line per message on the console, the whole message kept in a file.

Django's console backend prints the raw MIME (base64 subjects, attachments): about 1,770 lines before the
development server starts, so the demo logins scroll away. Here each message is one line (recipient, subject,
the first link of its text) and the full message is appended to MAIL_LOG_FILE (var/mail.log by default).
"""

import re
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

LINK = re.compile(r"https?://\S+?(?=[.,;:!?)]*(?:\s|$))")


def summary_line(message) -> str:
    """`E-mail to a@b.vn: Subject — http://…` (the first link of the plain text, when there is one)."""
    link = LINK.search(message.body or "")
    recipients = ", ".join(message.recipients())
    return f"E-mail to {recipients}: {message.subject}" + (f" — {link.group(0)}" if link else "")


class OneLineConsoleEmailBackend(BaseEmailBackend):
    def __init__(self, *args, stream=None, log_file=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self.log_file = Path(log_file or settings.MAIL_LOG_FILE)
        self._lock = threading.RLock()

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        with self._lock:
            self.log_file.parent.mkdir(parents=True, exist_ok=True)
            with self.log_file.open("ab") as log:
                for message in email_messages:
                    log.write(message.message().as_bytes(linesep="\n") + b"\n" + b"-" * 79 + b"\n")
                    self.stream.write(summary_line(message) + "\n")
            self.stream.flush()
        return len(email_messages)
