"""The figures of the question after the session (issue 15 item 5), for a session's result sheet and for the period
summary: per respondent (job seekers, employers) the invitations sent (someone no channel reached is not counted),
the answers, the average rating (a Decimal rounded half-up to one decimal; None without answers) and the
distribution of the ratings 1–5. One grouped query each; the result sheet lists the comments for staff as well (one
more query).

An erased job seeker's answer keeps its rating (the figures stay true); its comment is gone, so it is not listed."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from sessions.models import SurveyInvitation
from sessions.selectors import session_survey_answers

Respondent = SurveyInvitation.Respondent
RATING_KEYS = tuple(str(rating) for rating in SurveyInvitation.RATINGS)


def average_rating(distribution: dict[str, int]) -> Decimal | None:
    answers = sum(distribution.values())
    if not answers:
        return None
    total = sum(int(rating) * count for rating, count in distribution.items())
    return (Decimal(total) / Decimal(answers)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def survey_figures(where: Q) -> dict:
    """{respondent: {label, invited, answers, average, distribution}} over the invitations matching `where`."""
    figures = {
        respondent: {"label": str(label), "invited": 0, "answers": 0, "distribution": dict.fromkeys(RATING_KEYS, 0)}
        for respondent, label in Respondent.choices
    }
    rows = (
        SurveyInvitation.objects.filter(where)
        .values("respondent", "rating")
        .annotate(n=Count("pk"), invited=Count("pk", filter=Q(notices__gt=0) | Q(rating__isnull=False)))
        .order_by()
    )
    for row in rows:
        item = figures[row["respondent"]]
        item["invited"] += row["invited"]
        if row["rating"] is not None:
            item["answers"] += row["n"]
            item["distribution"][str(row["rating"])] += row["n"]
    for item in figures.values():
        item["average"] = average_rating(item["distribution"])
    return figures


def session_survey(session_id: int) -> dict:
    """A session's survey for its result sheet: the figures and, for staff, the comments (newest first; an
    employer's answer names the employer, a job seeker's names nobody)."""
    comments = (
        session_survey_answers(session_id)
        .exclude(comment="")
        .values("respondent", "rating", "comment", "answered_at", "participation__employer__name")
    )
    labels = dict(Respondent.choices)
    return {
        "figures": survey_figures(Q(session=session_id)),
        "comments": [
            {
                "respondent": row["respondent"],
                "respondent_label": str(labels[row["respondent"]]),
                "employer": row["participation__employer__name"],
                "rating": row["rating"],
                "comment": row["comment"],
                "answered_at": row["answered_at"],
            }
            for row in comments
        ],
    }
