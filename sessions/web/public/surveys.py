"""The survey page a personal link opens (issue 15 item 5): no sign-in, one answer, a clear page for a link that
is unknown, closed or already used. Thin: the selector finds the invitation, the service records the answer."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jobfair import errors
from jobfair.forms import add_service_errors
from sessions import selectors, services
from sessions.web.public.forms import SurveyForm


def _page(request, invitation, *, state: str, form=None, refusal: str | None = None, status: int = 200):
    response = render(
        request,
        "sessions/survey.html",
        {
            "invitation": invitation,
            "session": invitation.session if invitation else None,
            "state": state,
            "form": form,
            "refusal": refusal,
        },
        status=status,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"  # a personal link: never in a search engine
    # nor in another site's logs; same-origin, not no-referrer: the form's POST must carry its Origin for the CSRF check
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def survey(request, token):
    invitation = selectors.survey_invitation_for_token(token)
    if invitation is None:
        return _page(request, None, state="invalid", status=404)
    if invitation.answered:
        state = "answered" if request.method == "POST" else "thanks"
        return _page(request, invitation, state=state, status=409 if request.method == "POST" else 200)
    if timezone.now() >= invitation.closes_at:
        return _page(request, invitation, state="closed", status=410)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_answer(
                invitation=invitation, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
            )
        except errors.SurveyAnswered:  # answered from another tab meanwhile
            return _page(request, invitation, state="answered", status=409)
        except errors.SurveyClosed:  # closed while the page was open
            return _page(request, invitation, state="closed", status=410)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(request.path)
    return _page(request, invitation, state="open", form=form, status=400 if form.is_bound else 200)
