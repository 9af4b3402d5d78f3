# The notice that tells an employer its verification was rejected or revoked, and why (issue 12 item 2).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobsessions", "0007_desk_codes_booth_needs_follow_up"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("registration_confirmed", "Registration confirmed"),
                    ("registration_waitlisted", "Registration waitlisted"),
                    ("registration_promoted", "Seat from the waitlist"),
                    ("registration_cancelled", "Registration cancelled"),
                    ("reminder_day_before", "Reminder the day before"),
                    ("reminder_two_hours", "Reminder 2 hours before"),
                    ("session_changed", "Session changed"),
                    ("session_cancelled", "Session cancelled"),
                    ("booth_decision", "Booth decision"),
                    ("employer_day_before", "Employer reminder the day before"),
                    ("outcome_report_request", "Request to report hiring outcomes"),
                    ("one_time_code", "One-time code"),
                    ("account_notice", "Account notice"),
                    ("employer_verification", "Employer verification decision"),
                ],
                max_length=24,
                verbose_name="kind",
            ),
        ),
    ]
