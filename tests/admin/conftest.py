import pytest

from tests.factories import client_in, make_plan


@pytest.fixture
def admin_client_zh(client, superuser, loaded_plan):
    """A superuser's browser with no language chosen: the portal's default, Chinese."""
    client.force_login(superuser)
    return client


@pytest.fixture
def admin_client_en(client, superuser, loaded_plan):
    """A superuser who picked English (the language cookie the language switch sets)."""
    client.force_login(superuser)
    return client_in(client, "en")


@pytest.fixture
def test_plan(loaded_plan):
    """A plan of the tests' own beside the loaded one, so its rows can be counted."""
    return make_plan()
