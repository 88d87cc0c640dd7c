"""POST /api/v1/imports/indicator-values/: a filled collection workbook, checked and imported."""

import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from targets.collection import indicator_value_template, typed_in_indicators
from targets.models import IndicatorValue

ADDRESS = "/api/v1/imports/indicator-values/"
YEAR = 2024


def upload(data, name="填报.xlsx"):
    return SimpleUploadedFile(name, data)


def filled(plan, values):
    """The plan's 2024 template with ``values`` ({indicator: figure}) typed in."""
    workbook = load_workbook(BytesIO(indicator_value_template(plan, YEAR)))
    sheet = workbook.active
    headings = [cell.value for cell in sheet[1]]
    keys = {f"{i.group.code}/{i.seq}": value for i, value in values.items()}
    for row in sheet.iter_rows(min_row=2):
        key = row[headings.index("指标编号")].value
        if key in keys:
            row[headings.index("实际值")].value = keys[key]
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def first(plan):
    return list(typed_in_indicators(plan, YEAR)[:2])


def post(client, data, dry_run):
    return client.post(
        ADDRESS,
        {"file": upload(data), "dry_run": "true" if dry_run else "false"},
        format="multipart",
    )


def test_a_dry_run_reports_and_writes_nothing(api_client, editor, plan, first):
    api_client.force_authenticate(editor)
    before = IndicatorValue.objects.count()
    response = post(api_client, filled(plan, {first[0]: 12, first[1]: "十二"}), dry_run=True)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] is True
    assert body["created"] == 1
    assert body["updated"] == 0
    assert body["unchanged"] >= 1
    [error] = body["errors"]
    assert set(error) == {"row", "column", "message"}
    assert error["column"] == "实际值"
    assert IndicatorValue.objects.count() == before


def test_a_confirmed_import_writes_all_rows_as_the_sender(api_client, editor, plan, first):
    api_client.force_authenticate(editor)
    response = post(api_client, filled(plan, {first[0]: 12, first[1]: 3}), dry_run=False)
    body = response.json()
    assert (response.status_code, body["created"], body["errors"]) == (200, 2, [])
    figure = IndicatorValue.objects.get(indicator=first[0], year=YEAR)
    assert figure.entered_by == editor
    assert figure.history.first().history_user == editor


def test_an_error_in_one_row_writes_none(api_client, editor, plan, first):
    api_client.force_authenticate(editor)
    response = post(api_client, filled(plan, {first[0]: 12, first[1]: "x"}), dry_run=False)
    assert response.status_code == 200
    assert len(response.json()["errors"]) == 1
    assert not IndicatorValue.objects.filter(year=YEAR, indicator__in=first).exists()


def test_an_exported_template_imports_back_unchanged(api_client, editor, plan):
    api_client.force_authenticate(editor)
    for year in (2021, 2023):
        before = list(IndicatorValue.objects.values_list("pk", "version"))
        data = indicator_value_template(plan, year)
        response = api_client.post(
            ADDRESS, {"file": upload(data), "dry_run": "false"}, format="multipart"
        )
        body = response.json()
        assert (body["created"], body["updated"], body["errors"]) == (0, 0, [])
        assert body["unchanged"] == typed_in_indicators(plan, year).count()
        assert list(IndicatorValue.objects.values_list("pk", "version")) == before


@pytest.mark.parametrize(
    "data", [b"not a workbook", b"PK\x03\x04 broken"], ids=["text", "broken-zip"]
)
def test_an_unusable_file_is_a_400(api_client, editor, plan, data):
    api_client.force_authenticate(editor)
    response = post(api_client, data, dry_run=True)
    assert response.status_code == 400
    assert "Excel" in response.json()["errors"]["file"][0]


def test_a_zip_bomb_is_a_400(api_client, editor, plan, settings):
    settings.IMPORT_MAX_UNPACKED_MEMBER_BYTES = 1_000_000
    source = zipfile.ZipFile(BytesIO(indicator_value_template(plan, YEAR)))
    bomb = BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            padding = b" " * 2_000_000 if name.startswith("xl/worksheets/") else b""
            target.writestr(name, padding + source.read(name))  # packs to a few KB

    api_client.force_authenticate(editor)
    response = post(api_client, bomb.getvalue(), dry_run=True)
    assert response.status_code == 400
    assert "解压后超过" in response.json()["errors"]["file"][0]


def test_a_missing_file_is_a_400(api_client, editor, plan):
    api_client.force_authenticate(editor)
    response = api_client.post(ADDRESS, {"dry_run": "true"}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["errors"]


def test_anonymous_and_viewers_are_refused(api_client, viewer, plan, first):
    data = filled(plan, {first[0]: 12})
    assert post(api_client, data, dry_run=False).status_code == 401
    api_client.force_authenticate(viewer)
    assert post(api_client, data, dry_run=False).status_code == 403
    assert not IndicatorValue.objects.filter(year=YEAR, indicator=first[0]).exists()


def test_add_without_change_permission_is_refused(api_client, make_user, plan, first):
    user = make_user("只新增", perms=["targets.add_indicatorvalue"])
    api_client.force_authenticate(user)
    assert post(api_client, filled(plan, {first[0]: 12}), dry_run=False).status_code == 403
