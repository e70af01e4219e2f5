"""Two submissions of one request at the same moment, each through the page on its own
connection: exactly one passes and keeps one submitted version; the other gets the page's
message, never a server error. Real transactions, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.models import Request, RequestVersion
from tests.applications.factories import ChangeRequestFactory
from tests.factories import MembershipFactory, SecretariatFactory
from tests.test_concurrent_writes import crowd, logged_in, no_server_error

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_submissions_at_once_submit_once() -> None:
    change = ChangeRequestFactory.create(kind=Request.Kind.TIME_EXTENSION)
    member = SecretariatFactory.create()
    MembershipFactory.create(user=member, project=change.project)
    url = reverse("applications:request_submit", args=[change.pk])
    data = {"version": str(change.version)}
    clients = [logged_in(member), logged_in(member)]
    outcomes = crowd([lambda c=c: c.post(url, data) for c in clients])  # type: ignore[misc]

    no_server_error(outcomes)
    statuses = sorted(outcome.status or 0 for outcome in outcomes)
    assert statuses == [200, 302]
    assert RequestVersion.objects.filter(request=change).count() == 1
    assert Request.objects.get(pk=change.pk).status == Request.Status.SUBMITTED
    (loser,) = [o for o in outcomes if o.status == 200]
    assert loser.response is not None
    html = loser.response.text
    assert 'data-testid="submit-refused"' in html
    assert "En anden gemte anmodningen" in html or "Anmodningen er indsendt" in html
