"""Excel in and out of the registers on the admin screens (django-import-export, .xlsx)."""

import re
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
import tablib
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from deposits.models import Deposit
from rights.models import ExplorationRight, MiningRight
from targets.models import IndicatorValue
from targets.resources import IndicatorValueResource
from tests.factories import make_indicator, make_row
from zones.models import PlanningArea

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_upload(headers, rows, name="register.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def export_form(model):
    resource = admin.site._registry[model].resource_classes[0]
    fields = resource().get_export_order()
    return {
        "format": "0",
        "resource": "0",
        **{f"{resource.__name__.lower()}_{name}": "on" for name in fields},
    }


def test_deposit_export_downloads_a_real_workbook(admin_client_zh, loaded_plan):
    url = reverse("admin:deposits_deposit_export") + f"?plan__id__exact={loaded_plan.pk}"

    response = admin_client_zh.post(url, export_form(Deposit))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert ".xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    # Headed like the register page's export, in the user's language.
    assert rows[0] == ("规划", "序号", "名称", "矿种", "规划所列矿种", "工作程度", "规模")
    deposits = list(Deposit.objects.filter(plan=loaded_plan).order_by("seq"))
    assert len(rows) - 1 == len(deposits) > 0
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["规划"] == loaded_plan.code
    assert first["序号"] == deposits[0].seq
    assert first["名称"] == deposits[0].name
    assert first["矿种"] == deposits[0].mineral.name
    # Choices are written as the label in the user's language.
    assert first["工作程度"] == deposits[0].get_work_degree_display()
    assert first["工作程度"] in {"预查", "普查", "详查", "勘探"}


def deposit_import(client, upload):
    return client.post(
        reverse("admin:deposits_deposit_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )


DEPOSIT_HEADERS = ["plan", "seq", "name", "mineral", "mineral_as_printed", "work_degree", "scale"]


def test_deposit_import_with_an_unknown_mineral_writes_nothing(admin_client_zh, test_plan):
    upload = workbook_upload(
        DEPOSIT_HEADERS,
        [
            [test_plan.code, 1, "导入测试铁矿床", "铁矿", "", "普查", "小型"],
            [test_plan.code, 2, "导入测试铜矿床", "铜", "", "detailed", "small"],
            [test_plan.code, 3, "导入测试未知矿床", "不存在的矿种", "", "普查", "小型"],
        ],
    )
    before = Deposit.objects.count()

    response = deposit_import(admin_client_zh, upload)

    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors()
    (invalid,) = result.invalid_rows
    assert invalid.number == 3
    assert "confirm_form" not in response.context
    page = response.content.decode()
    assert "不存在的矿种" in page
    assert "未知矿种" in page
    assert Deposit.objects.count() == before
    assert not Deposit.objects.filter(plan=test_plan).exists()


def test_deposit_import_writes_rows_after_confirmation(admin_client_zh, test_plan):
    upload = workbook_upload(
        DEPOSIT_HEADERS,
        [
            [test_plan.code, 1, "导入测试铁矿床", "铁矿", "", "普查", "小型"],
            # An alias as the plan spells it, and codes instead of labels.
            [test_plan.code, 2, "导入测试铜矿床", "铜", "", "detailed", "small"],
        ],
    )
    preview = deposit_import(admin_client_zh, upload)
    assert preview.status_code == 200
    assert not preview.context["result"].has_validation_errors()
    assert not Deposit.objects.filter(plan=test_plan).exists()  # the preview writes nothing
    confirm = preview.context["confirm_form"]

    response = admin_client_zh.post(
        reverse("admin:deposits_deposit_process_import"),
        {name: confirm.initial[name] for name in confirm.fields},
    )

    assert response.status_code == 302
    iron, copper = Deposit.objects.filter(plan=test_plan).order_by("seq")
    assert (iron.name, iron.mineral.name, iron.work_degree, iron.scale) == (
        "导入测试铁矿床",
        "铁矿",
        "general",
        "small",
    )
    assert copper.mineral.name == "铜矿"
    assert copper.mineral_as_printed == "铜"
    assert copper.work_degree == "detailed"


def test_deposit_import_updates_the_row_with_the_same_plan_and_seq(admin_client_zh, test_plan):
    existing = make_row(Deposit, test_plan)
    upload = workbook_upload(
        DEPOSIT_HEADERS,
        [[test_plan.code, existing.seq, "改名后的矿床", "铁矿", "铁矿", "勘探", "中型"]],
    )
    preview = deposit_import(admin_client_zh, upload)
    confirm = preview.context["confirm_form"]
    admin_client_zh.post(
        reverse("admin:deposits_deposit_process_import"),
        {name: confirm.initial[name] for name in confirm.fields},
    )
    existing.refresh_from_db()
    assert Deposit.objects.filter(plan=test_plan).count() == 1
    assert (existing.name, existing.work_degree, existing.scale) == (
        "改名后的矿床",
        "exploration",
        "medium",
    )


def test_import_refuses_a_negative_area_and_a_repeated_row(admin_client_zh, test_plan):
    headers = ["plan", "kind", "seq", "name", "mineral", "area_km2", "stage"]
    negative = workbook_upload(
        headers, [[test_plan.code, "勘查规划区块", 1, "负面积区块", "铁矿", -1, "普查"]]
    )
    response = admin_client_zh.post(
        reverse("admin:zones_planningarea_import"),
        {"import_file": negative, "format": "0", "resource": "0"},
    )
    assert response.context["result"].has_validation_errors()
    repeated = workbook_upload(
        headers,
        [
            [test_plan.code, "exploration_block", 1, "区块甲", "铁矿", 1, "普查"],
            [test_plan.code, "exploration_block", 1, "区块乙", "铁矿", 2, "普查"],
        ],
    )
    response = admin_client_zh.post(
        reverse("admin:zones_planningarea_import"),
        {"import_file": repeated, "format": "0", "resource": "0"},
    )
    assert response.context["result"].has_errors()
    assert "confirm_form" not in response.context
    assert not PlanningArea.objects.filter(plan=test_plan).exists()


VALUE_HEADERS = ["plan", "group", "indicator_seq", "year", "value", "unit", "source"]


def test_actual_figures_import_is_signed_by_the_importing_user(
    admin_client_zh, superuser, test_plan
):
    indicator = make_indicator(test_plan)
    upload = workbook_upload(
        VALUE_HEADERS,
        [
            [test_plan.code, indicator.group.code, indicator.seq, 2024, 40.5, "万吨", "统计报表"],
            # No unit: the indicator's own.
            [test_plan.code, indicator.group.code, indicator.seq, 2025, 47, None, "register"],
        ],
    )
    preview = admin_client_zh.post(
        reverse("admin:targets_indicatorvalue_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    assert not preview.context["result"].has_validation_errors(), [
        row.error_dict for row in preview.context["result"].invalid_rows
    ]
    confirm = preview.context["confirm_form"]
    admin_client_zh.post(
        reverse("admin:targets_indicatorvalue_process_import"),
        {name: confirm.initial[name] for name in confirm.fields},
    )

    values = list(indicator.values.order_by("year"))
    assert [(v.year, v.value, v.unit) for v in values] == [
        (2024, Decimal("40.5"), "10k_t"),
        (2025, Decimal("47"), "10k_t"),
    ]
    assert {v.entered_by for v in values} == {superuser}
    assert values[0].source == "statistical_report"


def test_actual_figures_import_is_all_or_nothing(superuser, test_plan):
    indicator = make_indicator(test_plan)
    dataset = tablib.Dataset(headers=VALUE_HEADERS)
    dataset.append(
        [test_plan.code, indicator.group.code, indicator.seq, 2024, "40.5", "", "register"]
    )
    dataset.append([test_plan.code, indicator.group.code, 999, 2024, "1", "", "register"])

    result = IndicatorValueResource().import_data(dataset, dry_run=False, user=superuser)

    assert result.has_validation_errors()
    assert "999" in str(result.invalid_rows[0].error_dict)
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()


def test_actual_figure_in_a_unit_of_another_dimension_is_refused(superuser, test_plan):
    indicator = make_indicator(test_plan)  # a target in 万吨
    dataset = tablib.Dataset(headers=VALUE_HEADERS)
    dataset.append(
        [test_plan.code, indicator.group.code, indicator.seq, 2024, "3", "km2", "register"]
    )

    result = IndicatorValueResource().import_data(dataset, dry_run=False, user=superuser)

    assert result.has_validation_errors()
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()


def test_indicator_value_export_names_the_indicator_by_plan_group_and_seq(
    admin_client_en, superuser, test_plan
):
    indicator = make_indicator(test_plan)
    IndicatorValue.objects.create(
        indicator=indicator,
        year=2024,
        value=Decimal("40.5"),
        unit="10k_t",
        source="register",
        entered_by=superuser,
    )
    url = (
        reverse("admin:targets_indicatorvalue_export")
        + f"?indicator__plan__id__exact={test_plan.pk}"
    )
    response = admin_client_en.post(url, export_form(IndicatorValue))
    rows = list(
        openpyxl.load_workbook(BytesIO(response.getvalue())).active.iter_rows(values_only=True)
    )
    record = dict(zip(rows[0], rows[1], strict=True))
    assert len(rows) == 2
    # Headed in the user's language (English here).
    assert record["Plan"] == test_plan.code
    assert record["Table"] == indicator.group.code
    assert record["No."] == indicator.seq
    assert record["Indicator"] == indicator.name
    assert Decimal(str(record["Actual figure"])) == Decimal("40.5")
    assert record["Unit"] == "10k t"  # the English label: the user picked English
    assert record["Entered by"] == superuser.username


REGISTERS = [Deposit, ExplorationRight, MiningRight, PlanningArea, IndicatorValue]


@pytest.mark.parametrize("model", REGISTERS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("client_fixture", ["admin_client_zh", "admin_client_en"])
def test_import_and_export_pages_open(model, client_fixture, request):
    client = request.getfixturevalue(client_fixture)
    for view in ("import", "export"):
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")
        assert client.get(url).status_code == 200, url


def test_export_page_labels_the_columns_in_the_users_language(admin_client_zh):
    url = reverse("admin:rights_explorationright_export")
    page = admin_client_zh.get(url).content.decode()
    assert "矿种 (mineral)" in page
    assert "勘查阶段 (stage)" in page
    # A browser that asks for English gets English.
    page = admin_client_zh.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Stage (stage)" in page


# The admin export reads like the page export, and re-imports as "nothing changed" -----------

PAGE_EXPORTS = [
    (Deposit, "deposits:export"),
    (ExplorationRight, "rights:exploration-export"),
    (MiningRight, "rights:mining-export"),
    (PlanningArea, "zones:export"),
]


def attachment_name(response):
    disposition = response["Content-Disposition"]
    return re.search(r'filename="([^"]+)"', disposition).group(1)


@pytest.mark.parametrize(
    ("model", "page_url"), PAGE_EXPORTS, ids=lambda v: getattr(v, "__name__", v)
)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_admin_export_is_headed_and_named_like_the_page_export(
    admin_client_zh, loaded_plan, model, page_url, language
):
    admin_client_zh.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = admin_client_zh.get(reverse(page_url))
    admin_export = admin_client_zh.post(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export"),
        export_form(model),
    )
    page_book = openpyxl.load_workbook(BytesIO(page.getvalue()))
    admin_book = openpyxl.load_workbook(BytesIO(admin_export.getvalue()))

    assert attachment_name(admin_export) == attachment_name(page)
    assert attachment_name(page).endswith(f"-{loaded_plan.code}.xlsx")
    assert admin_book.sheetnames == page_book.sheetnames
    page_headers = [cell.value for cell in page_book.active[1]]
    admin_headers = [cell.value for cell in admin_book.active[1]]
    # Every column of the page, with the same heading and in the same order; the admin's
    # own columns (the plan, the permit …) between them.
    assert [h for h in admin_headers if h in page_headers] == page_headers


def test_exported_workbook_imports_back_with_every_row_unchanged(admin_client_zh, loaded_plan):
    exported = admin_client_zh.post(
        reverse("admin:rights_miningright_export"), export_form(MiningRight)
    ).getvalue()
    history_before = MiningRight.history.count()
    rights = MiningRight.objects.filter(plan=loaded_plan).count()

    preview = admin_client_zh.post(
        reverse("admin:rights_miningright_import"),
        {"import_file": workbook_bytes_upload(exported), "format": "0", "resource": "0"},
    )
    result = preview.context["result"]
    # 1.6500 in the database and 1.65 in the cell, a date read back as a date-time: unchanged.
    assert result.totals["skip"] == rights
    assert result.totals["update"] == result.totals["new"] == 0
    confirm = preview.context["confirm_form"]
    response = admin_client_zh.post(
        reverse("admin:rights_miningright_process_import"),
        {name: confirm.initial[name] for name in confirm.fields},
    )
    assert response.status_code == 302
    assert MiningRight.history.count() == history_before


def test_changing_one_figure_updates_one_row_with_history(admin_client_zh, loaded_plan):
    exported = admin_client_zh.post(
        reverse("admin:rights_miningright_export"), export_form(MiningRight)
    ).getvalue()
    book = openpyxl.load_workbook(BytesIO(exported))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("生产规模") + 1).value = 77.7
    seq = sheet.cell(row=2, column=header.index("序号") + 1).value
    buffer = BytesIO()
    book.save(buffer)

    preview = admin_client_zh.post(
        reverse("admin:rights_miningright_import"),
        {"import_file": workbook_bytes_upload(buffer.getvalue()), "format": "0", "resource": "0"},
    )
    assert preview.context["result"].totals["update"] == 1
    confirm = preview.context["confirm_form"]
    admin_client_zh.post(
        reverse("admin:rights_miningright_process_import"),
        {name: confirm.initial[name] for name in confirm.fields},
    )
    right = MiningRight.objects.get(plan=loaded_plan, seq=seq)
    assert right.capacity == Decimal("77.7")
    assert right.version == 2
    latest = right.history.first()
    assert latest.history_type == "~"
    assert latest.history_user.username == "root"


def workbook_bytes_upload(data):
    return SimpleUploadedFile("register.xlsx", data, content_type=XLSX)


def test_history_shows_no_none_for_a_missing_change_reason(admin_client_zh, loaded_plan):
    right = MiningRight.objects.filter(plan=loaded_plan).first()
    right.holder = "新的矿业权人"
    right.save()
    assert right.history.filter(history_change_reason__isnull=True).exists()

    page = admin_client_zh.get(reverse("admin:rights_miningright_history", args=[right.pk]))

    cells = re.findall(r"<td>\s*(.*?)\s*</td>", page.content.decode(), re.S)
    assert "None" not in cells
    assert "None" not in page.content.decode()
