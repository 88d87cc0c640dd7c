"""The API's fast paths answer exactly what the plain paths answer (issue 12).

A page after the first is read by a deferred join (``DeferredJoinPaginator``), a register
row through its serializer's ``ReadingPlan`` from the columns it shows (``QuerySet.only()``),
a choice's label from a per-language table, and a request naming no filter builds no
FilterSet. Each must give the same rows, keys, values and errors as before.
"""

import gzip

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework import serializers

from deposits.api import DepositSerializer, ResourceReserveSerializer
from deposits.models import Deposit, ResourceReserve
from planportal.api.filters import PlanFilterBackend
from planportal.api.pagination import DeferredJoinPaginator
from planportal.api.serializers import FastReadingMixin
from planportal.choices import Stage
from rights.api import ExplorationRightSerializer, MiningRightSerializer, ScaleStandardSerializer
from rights.models import ExplorationRight, MiningRight, ScaleStandard
from targets.api import IndicatorValueSerializer
from targets.models import IndicatorValue
from tests.api.urls import url
from tests.factories import many_exploration_rights
from zones.api import DevelopmentRegionSerializer, PlanningAreaSerializer
from zones.models import DevelopmentRegion, PlanningArea

REGISTERS = [
    (ExplorationRightSerializer, ExplorationRight),
    (MiningRightSerializer, MiningRight),
    (DepositSerializer, Deposit),
    (ResourceReserveSerializer, ResourceReserve),
    (PlanningAreaSerializer, PlanningArea),
    (DevelopmentRegionSerializer, DevelopmentRegion),
    (ScaleStandardSerializer, ScaleStandard),
    (IndicatorValueSerializer, IndicatorValue),
]


def ids(body):
    return [row["id"] for row in body["results"]]


@pytest.mark.parametrize("orphans", [0, 3])
def test_a_deferred_join_page_holds_the_rows_of_the_offset_page(plan, orphans):
    many_exploration_rights(plan, 120)
    rows = ExplorationRight.objects.select_related("plan", "mineral").order_by("-area_km2", "pk")
    plain, deferred = Paginator(rows, 11, orphans), DeferredJoinPaginator(rows, 11, orphans)
    assert deferred.count == plain.count
    assert deferred.num_pages == plain.num_pages
    for number in plain.page_range:
        assert list(deferred.page(number)) == list(plain.page(number)), number


def test_a_deep_page_is_read_by_its_ids_and_equals_the_offset_page(plan, api_client):
    many_exploration_rights(plan, 300)
    ordered = ExplorationRight.objects.order_by("plan_id", "seq")
    total = ordered.count()
    size = 50
    last = -(-total // size)
    for page in (1, 2, 4, last - 1, last):
        with CaptureQueriesContext(connection) as queries:
            body = api_client.get(url("exploration-rights", page=page, page_size=size)).json()
        offset = (page - 1) * size
        assert ids(body) == list(ordered.values_list("pk", flat=True)[offset : offset + size])
        assert body["count"] == total
        assert (body["next"] is None) == (page == last)
        assert (body["previous"] is None) == (page == 1)
        page_query = queries.captured_queries[-1]["sql"]
        # The first page is a plain LIMIT; a later one selects its ids first.
        assert (" IN (SELECT " in page_query) == (page > 1), page_query


def test_a_filtered_and_ordered_deep_page_equals_the_offset_page(plan, api_client):
    many_exploration_rights(plan, 150)
    filtered = ExplorationRight.objects.filter(stage=Stage.GENERAL)
    by_area = filtered.order_by("-area_km2", "pk").values_list("pk", flat=True)
    body = api_client.get(
        url("exploration-rights", stage="general", ordering="-area_km2", page=3, page_size=20)
    ).json()
    assert body["count"] == filtered.count()
    assert ids(body) == list(by_area[40:60])
    plain = filtered.order_by("plan_id", "seq").values_list("pk", flat=True)
    body = api_client.get(url("exploration-rights", stage="general", page=2, page_size=30)).json()
    assert ids(body) == list(plain[30:60])


def test_a_page_past_the_end_is_still_a_404(plan, get_json):
    status, body = get_json(url("exploration-rights", page=99))
    assert status == 404
    assert "detail" in body


def fast_and_plain(serializer_class, instance):
    serializer = serializer_class(instance)
    plain = super(FastReadingMixin, serializer).to_representation(instance)
    return serializer.to_representation(instance), plain


@pytest.mark.parametrize(("serializer_class", "model"), REGISTERS)
def test_a_register_row_reads_the_same_through_its_reading_plan(plan, serializer_class, model):
    """Key for key, value for value, in both languages: the plan is DRF's own reading."""
    assert serializer_class.reading_plan() is not None
    rows = list(model.objects.all()[:25])
    assert rows
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for row in rows:
                fast, plain = fast_and_plain(serializer_class, row)
                assert list(fast) == list(plain)
                assert fast == plain


def test_a_serializer_whose_field_needs_the_request_keeps_drfs_path(plan):
    class WithMethod(ExplorationRightSerializer):
        shout = serializers.SerializerMethodField()

        class Meta(ExplorationRightSerializer.Meta):
            fields = [*ExplorationRightSerializer.Meta.fields, "shout"]

        def get_shout(self, obj):
            return self.context.get("word", "")

    assert WithMethod.reading_plan() is None
    assert WithMethod.read_columns() is None
    row = ExplorationRight.objects.first()
    assert WithMethod(row, context={"word": "嘿"}).data["shout"] == "嘿"


def test_choice_labels_follow_the_language_of_the_request(plan, api_client):
    right = ExplorationRight.objects.order_by("pk").first()
    mine = MiningRight.objects.order_by("pk").first()
    for language in ("zh-hans", "en"):
        with translation.override(language):
            expected_stage = right.get_stage_display()
            expected_scale = mine.get_scale_display()
            expected_status = mine.get_status_display()
        body = api_client.get(
            url("exploration-rights", right.pk), HTTP_ACCEPT_LANGUAGE=language
        ).json()
        assert body["stage_display"] == expected_stage
        body = api_client.get(url("mining-rights", mine.pk), HTTP_ACCEPT_LANGUAGE=language).json()
        assert body["scale_display"] == expected_scale
        assert body["status_display"] == expected_status
    zh = api_client.get(url("exploration-rights", right.pk), HTTP_ACCEPT_LANGUAGE="zh-hans")
    en = api_client.get(url("exploration-rights", right.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert zh.json()["stage_display"] != en.json()["stage_display"]


def test_a_read_loads_only_the_columns_it_shows(plan, api_client):
    right = ExplorationRight.objects.order_by("pk").first()
    for address in (url("exploration-rights"), url("exploration-rights", right.pk)):
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get(address).status_code == 200
        sql = queries.captured_queries[-1]["sql"]
        assert '"planportal_plan"."code"' in sql
        # Not the plan's whole text, nor the bookkeeping columns nobody reads.
        assert '"planportal_plan"."text"' not in sql
        assert "created_at" not in sql


def test_a_write_still_loads_and_saves_whole_rows(plan, editor, api_client):
    right = ExplorationRight.objects.order_by("pk").first()
    before = right.updated_at
    api_client.force_authenticate(editor)
    response = api_client.patch(
        url("exploration-rights", right.pk), {"holder": "新的矿业权人"}, format="json"
    )
    assert response.status_code == 200, response.content
    right.refresh_from_db()
    assert right.holder == "新的矿业权人"
    assert right.updated_at > before
    assert response.json() == api_client.get(url("exploration-rights", right.pk)).json()


def test_no_filterset_is_built_when_no_parameter_names_a_filter(plan, api_client, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a FilterSet was built")

    monkeypatch.setattr(PlanFilterBackend, "get_filterset", refuse)
    right = ExplorationRight.objects.order_by("pk").first()
    assert api_client.get(url("exploration-rights", right.pk)).status_code == 200
    assert (
        api_client.get(url("exploration-rights", page_size=5, ordering="-seq")).status_code == 200
    )
    with pytest.raises(AssertionError, match="FilterSet"):
        api_client.get(url("exploration-rights", stage="general"))


def test_filters_still_apply_to_a_record_and_refuse_bad_values(plan, get_json):
    right = ExplorationRight.objects.exclude(stage=Stage.GENERAL).order_by("pk").first()
    status, _body = get_json(url("exploration-rights", right.pk, stage=Stage.GENERAL))
    assert status == 404
    status, _body = get_json(url("exploration-rights", right.pk, stage=right.stage))
    assert status == 200
    status, body = get_json(url("exploration-rights", stage="nonsense"))
    assert status == 400
    assert set(body["errors"]) == {"stage"}


def test_json_reads_are_gzipped_for_clients_that_ask_and_only_those(plan, api_client):
    address = url("exploration-rights", page_size=30)
    plain = api_client.get(address)
    assert "Content-Encoding" not in plain
    zipped = api_client.get(address, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 3
    # A record keeps its strong ETag, so that If-Match still names its version.
    right = ExplorationRight.objects.order_by("pk").first()
    record = api_client.get(url("exploration-rights", right.pk), HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in record
    assert record["ETag"] == f'"{right.version}"'
    # A page with a CSRF token next to what a requester typed is never compressed (BREACH).
    login = api_client.get("/admin/login/?next=/admin/", HTTP_ACCEPT_ENCODING="gzip")
    assert login.status_code == 200
    assert "Content-Encoding" not in login
