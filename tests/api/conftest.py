"""Fixtures of the API tests: a JSON getter and the served OpenAPI schema."""

import pytest


@pytest.fixture
def get_json(api_client):
    """GET a URL and return (status, body), checking the body is JSON."""

    def get(address, client=None):
        response = (client or api_client).get(address)
        assert response["Content-Type"].startswith("application/json"), response.content[:200]
        return response.status_code, response.json()

    return get


@pytest.fixture
def served_schema():
    """The API's OpenAPI schema, loaded by schemathesis from the portal's WSGI application.

    Its cases call the application in-process; the WSGI handler would close the test's
    connection (and its transaction) after each request, as Django's own test client
    prevents, so that is switched off while the fixture lives.
    """
    import schemathesis
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
