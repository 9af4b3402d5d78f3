"""What the centre tells people, and when (DESIGN §4 "Reminders", "Nothing lost, nothing twice").

Imports run one way: services → outbox → delivery → channels, with timing and content below them all.
- timing: pure time rules (the day before at 08:00, hours before, SMS quiet hours, outcome-request rounds)
- content: who receives a notice and what it says, rendered in the recipient's language
- outbox: the rows written in the change's own transaction (notify, schedule, cancel); a sweep asked for on commit
- delivery: claim a due row, send it, mark it; the sweep; the Celery tasks that run them
- channels: e-mail and SMS backends; calendar: the .ics file and the check-in QR code
"""
