"""The evaluation report files: the workbook, the Word document, the command and downloads.

The report of the loaded plan is built once for the module (``build_snapshot`` reads the
dashboard's selectors) and written into both files once; the staff's text and reasons are put
into that report data as an evaluation would carry them.
"""

from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from planportal.models import Plan
from targets.choices import GroupRole
from targets.evaluation import (
    build_snapshot,
    evaluation_create,
    evaluation_save,
    evaluation_sign_off,
)
from targets.formatting import status_label
from targets.models import Indicator, IndicatorGroup
from targets.reports import DOCX_CONTENT_TYPE, XLSX_CONTENT_TYPE, write_report
from targets.reports.content import signature_text, summary_rows
from targets.selectors import indicator_dashboard
from tests import factories

# Every test reads the test database (pytest-django sets it up only for tests that ask).
pytestmark = pytest.mark.django_db

PLAN_CODE = "xinyuan-2021-2025"
FORMULA_REASON = '=HYPERLINK("http://evil.example","点此")'
OVERALL_TEXT = "规划实施以来，全县矿产资源勘查开发总体平稳。\n\n矿山数量持续减少。"
PROBLEMS_TEXT = "+砂石粘土类矿山规模偏小。"


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker):
    """The 2025 report data of the loaded plan, with staff text as an evaluation carries it."""
    with django_db_blocker.unblock(), translation.override("zh-hans"):
        data = build_snapshot(Plan.objects.get(code=PLAN_CODE), 2025)
    texts = {"overall": OVERALL_TEXT, "problems": PROBLEMS_TEXT}
    for section in data["sections"]:
        section["text"] = texts.get(section["key"], "")
    first = data["groups"][0]["indicators"][0]
    first["reason"] = FORMULA_REASON
    return data


@pytest.fixture(scope="module")
def workbook(report):
    data = report
    stream = BytesIO()
    with translation.override("zh-hans"):
        write_report(data, stream, "xlsx")
    stream.seek(0)
    return load_workbook(stream)


@pytest.fixture(scope="module")
def document(report):
    data = report
    stream = BytesIO()
    with translation.override("zh-hans"):
        write_report(data, stream, "docx")
    stream.seek(0)
    return Document(stream)


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _indicator_rows(sheet):
    """{name: {heading: value}} of a target table sheet."""
    rows = _rows(sheet)
    header_index = next(i for i, row in enumerate(rows) if row[0] == "序号")
    headers = rows[header_index]
    return {row[1]: dict(zip(headers, row, strict=True)) for row in rows[header_index + 1 :]}


def test_workbook_has_a_cover_a_sheet_per_table_the_review_and_the_registers(report, workbook):
    data = report
    own = [g for g in data["groups"] if g["role"] == GroupRole.TARGETS]
    review = [g for g in data["groups"] if g["role"] == GroupRole.REVIEW]
    assert own
    assert len(review) == 2
    names = workbook.sheetnames
    assert len(names) == 1 + len(own) + len(review) + 1
    assert names[0] == "封面"
    assert names[-1] == "矿产资源登记汇总"
    for group, name in zip(own + review, names[1:-1], strict=True):
        assert workbook[name]["A1"].value == group["title"]
        assert set(_indicator_rows(workbook[name])) == {i["name"] for i in group["indicators"]}
    cover = _rows(workbook["封面"])
    assert [data["plan"]["name"] in str(row[1]) for row in cover].count(True) == 1
    # A draft says so on the cover; the key figures are there, with their total.
    assert [signature_text(data)] == [row[1] for row in cover if row[0] == "签署"]
    assert "未签署" in signature_text(data)
    for label, count in summary_rows(data["summary"]):
        assert [label, count] in [row[:2] for row in cover]
    assert [row[1] for row in cover if row[0] == "合计"] == [data["summary"]["total"]]
    # Native charts: the status summary on the cover, one per register summary.
    assert len(workbook["封面"]._charts) == 1
    assert len(workbook[names[-1]]._charts) == 3
    registers = [row[0] for row in _rows(workbook[names[-1]])]
    for row in data["registers"]["mining_rights_by_mineral"]:
        assert row["label"] in registers


def _write_and_load(data):
    stream = BytesIO()
    write_report(data, stream, "xlsx")
    stream.seek(0)
    return load_workbook(stream)


def test_workbook_figures_are_the_dashboards(plan):
    # Figures for targets of 专栏8 (totals over the period) and 专栏9 (the target year's).
    typed_in = Indicator.objects.filter(
        plan=plan, live_metric="", figures_from__isnull=True, group__role=GroupRole.TARGETS
    )
    period_totals = list(typed_in.filter(group__code="column_8").order_by("seq")[:3])
    for indicator in period_totals:
        factories.make_value(indicator, 2022, "1.5")
        factories.make_value(indicator, 2024, "2.25")
    for indicator in typed_in.filter(group__code="column_9").order_by("seq")[:3]:
        factories.make_value(indicator, 2025, "12345.5")
    with translation.override("zh-hans"):
        data = build_snapshot(plan, 2025)
        workbook = _write_and_load(data)
        groups = indicator_dashboard(
            plan, period=(plan.period_start, plan.period_end), role=GroupRole.TARGETS
        )
    checked = 0
    for number, group in enumerate(groups, start=1):
        rows = _indicator_rows(workbook[workbook.sheetnames[number]])
        for indicator in group.indicator_list:
            row = rows[indicator.name]
            actual = row["实际值"]
            if indicator.current_value is None:
                assert actual is None
            else:
                assert isinstance(actual, (int, float)), actual
                assert Decimal(str(actual)) == indicator.current_value, indicator.name
                checked += 1
            rate = row["完成率（%）"]
            if indicator.current_completion_rate is None:
                assert rate is None
            else:
                assert Decimal(str(rate)) == indicator.current_completion_rate, indicator.name
            assert row["状态"] == status_label(indicator.current_status)
            assert row["实际值取法"] == indicator.get_aggregation_display()
            if indicator in period_totals:
                assert (row["2022"], row["2024"]) == (1.5, 2.25)
    assert checked >= 6, "the figures typed in above and the live figures are compared"


def test_formula_like_staff_text_is_inert(workbook):
    sheet = workbook[workbook.sheetnames[1]]
    reasons = [cell for row in sheet.iter_rows() for cell in row if cell.value == FORMULA_REASON]
    assert len(reasons) == 1
    assert reasons[0].data_type == "s"
    assert reasons[0].quotePrefix
    formulas = [
        cell.coordinate
        for name in workbook.sheetnames
        for row in workbook[name].iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []


def test_document_holds_the_staff_text_the_tables_and_chinese_fonts(report, document):
    data = report
    paragraphs = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    titles = [section["title"] for section in data["sections"]]
    assert headings[:5] == [
        f"{numeral}、{title}" for numeral, title in zip("一二三四五", titles, strict=True)
    ]
    assert "规划实施以来，全县矿产资源勘查开发总体平稳。" in paragraphs
    assert "矿山数量持续减少。" in paragraphs
    assert PROBLEMS_TEXT in paragraphs
    # The staff's text comes under its own chapter.
    assert paragraphs.index(PROBLEMS_TEXT) > paragraphs.index(headings[3])
    assert any(FORMULA_REASON in text for text in paragraphs)
    # A table per target table, per review table and per register summary, with the names.
    register_tables = 3
    assert len(document.tables) == len(data["groups"]) + register_tables
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    for group in data["groups"]:
        for indicator in group["indicators"]:
            assert indicator["name"] in cells
    # East Asian fonts on the styles Chinese text is set in, no theme font overriding them.
    for name, font in (("Normal", "仿宋"), ("Heading 1", "黑体"), ("Title", "宋体")):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == font
        assert fonts.get(qn("w:eastAsiaTheme")) is None


# --- The command -----------------------------------------------------------------------------


def test_command_writes_both_formats_without_an_evaluation(plan, tmp_path):
    for name in ("报告.xlsx", "report.DOCX"):
        call_command("evaluation_report", plan=plan.code, year=2025, output=str(tmp_path / name))
    workbook = load_workbook(tmp_path / "报告.xlsx")
    assert workbook.sheetnames[0] == "封面"
    cover = [row[1] for row in workbook["封面"].iter_rows(values_only=True)]
    assert any(str(value).startswith("未签署（草稿）") for value in cover)
    document = Document(tmp_path / "report.DOCX")
    assert document.paragraphs[0].text.startswith(f"《{plan.name}》2025年")
    assert "（尚未填写。）" in [p.text for p in document.paragraphs]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"plan": PLAN_CODE, "year": 2025, "output": "report.pdf"}, "must end with .xlsx or .docx"),
        ({"plan": "no-such-plan", "year": 2025, "output": "r.xlsx"}, "no plan with the code"),
        ({"plan": "bad code'", "year": 2025, "output": "r.xlsx"}, "no plan with the code"),
        ({"plan": PLAN_CODE, "year": 2030, "output": "r.docx"}, "not a year of the plan"),
        ({"plan": PLAN_CODE, "year": 2020, "output": "r.xlsx"}, "not a year of the plan"),
    ],
)
def test_command_refuses_bad_arguments(plan, tmp_path, options, message):
    output = tmp_path / options.pop("output")
    with pytest.raises(CommandError, match=message):
        call_command("evaluation_report", output=str(output), **options)
    assert not output.exists()


# --- Downloads -------------------------------------------------------------------------------


@pytest.fixture
def evaluation(plan):
    """The 2025 evaluation with staff text and a reason for the first target."""
    evaluation = evaluation_create(plan, 2025)
    first = Indicator.objects.filter(plan=plan, group__role=GroupRole.TARGETS)
    first = first.order_by("group__order", "seq").first()
    return evaluation_save(
        evaluation,
        sections={"overall": OVERALL_TEXT, "problems": PROBLEMS_TEXT},
        reasons={first.pk: FORMULA_REASON},
    )


def _document(response):
    return Document(BytesIO(response.content))


def test_page_downloads_the_report_with_the_staff_text(client, plan, evaluation):
    url = reverse("targets:evaluation-report", args=[2025, "docx"])
    response = client.get(f"{url}?plan={plan.code}")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''" + quote(f"{plan.code}-2025年") in disposition
    paragraphs = [p.text for p in _document(response).paragraphs]
    assert PROBLEMS_TEXT in paragraphs
    assert any(FORMULA_REASON in text for text in paragraphs)

    response = client.get(f"{reverse('targets:evaluation-report', args=[2025, 'xlsx'])}")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    workbook = load_workbook(BytesIO(response.content))
    assert len(workbook["封面"]._charts) == 1


@pytest.mark.parametrize("path", ["2025.pdf", "2030.xlsx", "2020.docx"])
def test_page_refuses_an_unknown_format_or_a_year_outside_the_period(client, plan, path):
    response = client.get(f"/targets/report/{path}?plan={plan.code}")
    assert response.status_code == 404


def test_page_takes_no_post(client, plan):
    url = reverse("targets:evaluation-report", args=[2025, "xlsx"])
    assert client.post(f"{url}?plan={plan.code}").status_code == 405


def test_page_and_api_need_a_login_when_reading_is_closed(client, settings, plan, evaluation):
    settings.PLAN_PORTAL_PUBLIC_READ = False
    url = reverse("targets:evaluation-report", args=[2025, "xlsx"])
    response = client.get(f"{url}?plan={plan.code}")
    assert response.status_code == 302
    assert "login" in response["Location"]
    response = client.get(f"/api/v1/evaluations/{evaluation.pk}/report/?format=xlsx")
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")


def test_signed_report_is_the_frozen_one(client, plan, evaluation, editor):
    evaluation_sign_off(evaluation, editor)
    evaluation.snapshot["sections"][0]["text"] = "签署时的文字"
    evaluation.save(update_fields=["snapshot"])
    url = reverse("targets:evaluation-report", args=[2025, "docx"])
    response = client.get(f"{url}?plan={plan.code}")
    paragraphs = [p.text for p in _document(response).paragraphs]
    assert "签署时的文字" in paragraphs
    assert OVERALL_TEXT.splitlines()[0] not in paragraphs
    assert any(text.startswith("已签署：editor") for text in paragraphs)
    assert "%E8%8D%89%E7%A8%BF" not in response["Content-Disposition"]  # 草稿: not a draft


def test_api_answers_the_report_as_json_xlsx_and_docx(api_client, plan, evaluation):
    url = f"/api/v1/evaluations/{evaluation.pk}/report/"
    response = api_client.get(url)
    assert response.status_code == 200
    assert response.json()["year"] == 2025
    response = api_client.get(url, {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames[0] == "封面"
    response = api_client.get(url, {"format": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert PROBLEMS_TEXT in [p.text for p in _document(response).paragraphs]
    assert api_client.post(url).status_code == 401
    api_client.force_authenticate(factories.make_user(staff=True, superuser=True))
    assert api_client.post(url).status_code == 405
    # An unknown evaluation is a JSON 404 whatever the format asked.
    response = api_client.get("/api/v1/evaluations/999999/report/", {"format": "docx"})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_download_costs_the_same_queries_with_more_targets(
    client, plan, evaluation, django_assert_num_queries
):
    url = f"{reverse('targets:evaluation-report', args=[2025, 'xlsx'])}?plan={plan.code}"
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    group = IndicatorGroup.objects.get(plan=plan, code="column_9")
    for _n in range(6):
        indicator = factories.make_indicator(plan, group=group, target=10)
        factories.make_value(indicator, 2025, "5")
    with django_assert_num_queries(
        len(few), info="a report download must not query per target: justify any new query"
    ):
        assert client.get(url).status_code == 200
