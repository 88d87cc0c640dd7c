"""What an integrator does with a client generated from /api/v1/schema/.

Run by tests/api/test_generated_client.py with the generated package on the path:
``python generated_client_script.py <base url> <username> <password> <indicator id>``.
It uses only the generated modules (and httpx, which they depend on); every step that
goes wrong exits with an assertion naming it.
"""

import sys

from plan_portal_client import AuthenticatedClient, Client
from plan_portal_client.api.auth import auth_logout_create, auth_token_create
from plan_portal_client.api.deposits import deposits_list, deposits_retrieve
from plan_portal_client.api.exploration_rights import exploration_rights_list
from plan_portal_client.api.indicator_values import (
    indicator_values_create,
    indicator_values_destroy,
    indicator_values_partial_update,
    indicator_values_retrieve,
)
from plan_portal_client.api.indicators import indicators_list, indicators_retrieve
from plan_portal_client.api.mining_rights import mining_rights_list
from plan_portal_client.api.summary import summary_retrieve
from plan_portal_client.models import (
    Error,
    ExplorationRightsListStage,
    IndicatorValue,
    IndicatorValueRequest,
    PatchedIndicatorValueRequest,
    SourceEnum,
    TokenLoginRequest,
    UnitEnum,
)


def main(base_url, username, password, indicator_id):
    # Reading needs no credentials.
    anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)

    rights = exploration_rights_list.sync(
        client=anonymous, stage=ExplorationRightsListStage.EXPLORATION, page_size=100
    )
    assert rights.count == 29, rights.count
    assert len(rights.results) == 29

    seen, page = [], 1
    while True:
        listed = mining_rights_list.sync(client=anonymous, page=page, page_size=10)
        seen.extend(right.id for right in listed.results)
        if not listed.next_:
            break
        page += 1
    assert listed.count == 24, listed.count
    assert len(set(seen)) == 24, seen
    assert page == 3, page

    first = deposits_list.sync(client=anonymous, page_size=1).results[0]
    deposit = deposits_retrieve.sync(first.id, client=anonymous)
    assert deposit.name == first.name
    assert deposit.version >= 1

    summary = summary_retrieve.sync(client=anonymous)
    assert summary.exploration_rights.count > 0, summary

    indicators = indicators_list.sync(client=anonymous, page_size=100)
    assert indicators.count > 0
    indicator = indicators_retrieve.sync(indicator_id, client=anonymous)
    assert indicator.unit == UnitEnum.TEN_K_TONNE, indicator.unit

    # Writing needs a token.
    login = auth_token_create.sync(
        client=anonymous, body=TokenLoginRequest(username=username, password=password)
    )
    assert not isinstance(login, Error), login
    client = AuthenticatedClient(
        base_url=base_url, token=login.token, prefix="Token", raise_on_unexpected_status=True
    )

    created = indicator_values_create.sync(
        client=client,
        body=IndicatorValueRequest(
            indicator=indicator_id,
            year=2024,
            value=12.5,
            unit=UnitEnum.TEN_K_TONNE,
            source=SourceEnum.OTHER,
        ),
    )
    assert isinstance(created, IndicatorValue), created
    assert created.value == 12.5

    updated = indicator_values_partial_update.sync(
        created.id,
        client=client,
        body=PatchedIndicatorValueRequest(value=13.0),
        if_match=f'"{created.version}"',
    )
    assert isinstance(updated, IndicatorValue), updated
    assert updated.value == 13.0
    assert updated.version > created.version

    # A figure in another dimension than its target's is refused, naming the field.
    refused = indicator_values_create.sync(
        client=client,
        body=IndicatorValueRequest(
            indicator=indicator_id,
            year=2025,
            value=1.0,
            unit=UnitEnum.TEN_K_CUBIC_METRE,
            source=SourceEnum.OTHER,
        ),
    )
    assert isinstance(refused, Error), refused
    assert "unit" in refused.errors.additional_properties, refused.errors
    assert "unit" in refused.detail

    deleted = indicator_values_destroy.sync_detailed(created.id, client=client)
    assert deleted.status_code == 204, deleted
    gone = indicator_values_retrieve.sync_detailed(created.id, client=anonymous)
    assert gone.status_code == 404, gone
    assert isinstance(gone.parsed, Error), gone

    logout = auth_logout_create.sync_detailed(client=client)
    assert logout.status_code == 204, logout
    print("generated client: every step passed")


if __name__ == "__main__":
    base_url, username, password, indicator_id = sys.argv[1:]
    main(base_url, username, password, int(indicator_id))
