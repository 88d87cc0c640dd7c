"""A token's expiry is in the future and at most API_TOKEN_TTL_DAYS away (the token
endpoint always gives TTL from now)."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken


def issue(client, user, expiry):
    return client.post(
        reverse("admin:planportal_apitoken_add"),
        {
            "user": user.pk,
            "expiry_0": timezone.localtime(expiry).strftime("%Y-%m-%d"),
            "expiry_1": timezone.localtime(expiry).strftime("%H:%M:%S"),
        },
    )


@pytest.mark.parametrize(
    "offset",
    [
        datetime.timedelta(days=-1),
        datetime.timedelta(days=settings.API_TOKEN_TTL_DAYS + 1),
        None,
    ],
    ids=["past", "beyond-ttl", "year-9999"],
)
def test_an_expiry_in_the_past_or_beyond_the_ttl_is_refused(admin_client_zh, editor, offset):
    if offset is None:
        expiry = datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC)
    else:
        expiry = timezone.now() + offset
    response = issue(admin_client_zh, editor, expiry)
    assert response.status_code == 200
    assert "expiry" in response.context["adminform"].form.errors
    assert not AuthToken.objects.filter(user=editor).exists()
    # Within the TTL it is issued.
    response = issue(admin_client_zh, editor, timezone.now() + datetime.timedelta(days=30))
    assert response.status_code == 302
    assert AuthToken.objects.filter(user=editor).exists()
