"""Fixtures of the page tests: clients in each language, and many more rows on demand."""

import pytest

from tests.factories import add_many_records, client_in


@pytest.fixture
def zh_client(client):
    return client_in(client, "zh-hans")


@pytest.fixture
def en_client(client):
    return client_in(client, "en")


@pytest.fixture
def many_records():
    """``many_records(plan, n=120)`` fills every register of ``plan`` to several pages."""
    return add_many_records
