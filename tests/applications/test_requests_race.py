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
    # One submission passes. The other either met the locked row and is refused on the page
    # (200), or came after it and is led back to the submitted request (302): which one is the
    # scheduler's choice, the outcome is the same.
    assert RequestVersion.objects.filter(request=change).count() == 1
    assert Request.objects.get(pk=change.pk).status == Request.Status.SUBMITTED
    assert {outcome.status for outcome in outcomes} <= {200, 302}
    assert any(outcome.status == 302 for outcome in outcomes)
    for refused in [o for o in outcomes if o.status == 200]:
        assert refused.response is not None
        html = refused.response.text
        assert 'data-testid="submit-refused"' in html
        assert "Anmodningen er indsendt" in html or "En anden gemte anmodningen" in html
