"""Helpers for the API tests: the resources, their URLs and a JSON getter."""

import pytest

API = "/api/v1/"


def url(resource, *parts, **params):
    """``url("deposits", 3)`` → /api/v1/deposits/3/; keyword arguments become the query."""
    from urllib.parse import urlencode

    path = API + "/".join([resource, *map(str, parts)]) + "/"
    return f"{path}?{urlencode(params)}" if params else path


@pytest.fixture
def get_json(api_client):
    """GET a URL and return (status, body), checking the body is JSON."""

    def get(address, client=None):
        response = (client or api_client).get(address)
        assert response["Content-Type"].startswith("application/json"), response.content[:200]
        return response.status_code, response.json()

    return get
