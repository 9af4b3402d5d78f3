"""The "Đồng nghiệp" pages (issue 13 item 4): invite by e-mail, accept on the link, remove a colleague."""

import re

from django.urls import reverse

from accounts.models import User
from sessions.models import Notification
from tests import factories
from tests.web.conftest import client_for


def test_invite_accept_and_remove_a_colleague(client, employer_client, employer_user):
    response = employer_client.post(reverse("employer:colleagues"), {"email": "moi@example.vn"})
    assert response.status_code == 302

    notice = Notification.objects.get(address="moi@example.vn")
    path = re.search(r"https?://[^/\s]+(/\S+)", notice.body_text).group(1)
    page = client.get(path)
    assert page.status_code == 200
    response = client.post(path, {"first_name": "Lan", "last_name": "Trần", "password": "Rất-khó-đoán-2026"})
    assert response.status_code == 302
    colleague = User.objects.get(email="moi@example.vn")
    assert colleague.employer_id == employer_user.employer_id
    assert client.get(path).status_code == 400  # used once

    html = employer_client.get(reverse("employer:colleagues")).content.decode()
    assert "moi@example.vn" in html
    assert "Trần Lan" in html  # a Vietnamese name: the family name first
    response = employer_client.post(reverse("employer:colleague_remove", args=[colleague.pk]))
    colleague.refresh_from_db()
    assert not colleague.is_active


def test_another_companys_user_answers_404(employer_client):
    stranger = factories.EmployerUserFactory(employer=factories.EmployerFactory())
    response = employer_client.post(reverse("employer:colleague_remove", args=[stranger.pk]))
    assert response.status_code == 404


def test_removing_oneself_is_refused_with_a_message(employer_client, employer_user):
    factories.EmployerUserFactory(employer=employer_user.employer)
    response = employer_client.post(reverse("employer:colleague_remove", args=[employer_user.pk]), follow=True)
    assert response.status_code == 200
    employer_user.refresh_from_db()
    assert employer_user.is_active
    assert client_for(employer_user).get(reverse("employer:colleagues")).status_code == 200
