"""?format=xlsx: every API list as a workbook of the same filtered rows."""

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

from planportal.excel import XLSX_CONTENT_TYPE
from tests.api.test_resources import RESOURCES
from tests.factories import make_deposit

HAN = re.compile(r"[\u4e00-\u9fff]")


def workbook_rows(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    sheet = load_workbook(BytesIO(response.getvalue())).active
    return list(sheet.iter_rows())


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_every_list_answers_a_workbook_of_all_its_rows(resource, api_client, plan):
    total = api_client.get(f"/api/v1/{resource}/").json()["count"]
    response = api_client.get(f"/api/v1/{resource}/?format=xlsx&page_size=2")
    rows = workbook_rows(response)
    assert len(rows) - 1 == total  # not one page: every row
    assert f"{resource}.xlsx" in response["Content-Disposition"]
    headings = [cell.value for cell in rows[0]]
    # Chinese wherever the field's label or description is translated.
    assert sum(bool(HAN.search(heading)) for heading in headings) > len(headings) / 2, headings


def test_headings_are_the_fields_labels_in_chinese(api_client, plan):
    rows = workbook_rows(api_client.get("/api/v1/deposits/?format=xlsx"))
    assert [cell.value for cell in rows[0]][:8] == [
        "ID",
        "所属规划的代码",
        "序号",
        "名称",
        "矿种",
        "矿种（原文）",
        "工作程度",
        "工作程度（名称）",
    ]


def test_the_workbook_honours_the_filters(api_client, plan):
    query = f"plan={plan.code}&mineral=铁矿&search=矿&ordering=-seq"
    expected = api_client.get(f"/api/v1/deposits/?{query}&page_size=1000").json()["results"]
    rows = workbook_rows(api_client.get(f"/api/v1/deposits/?{query}&format=xlsx"))
    headings = [cell.value for cell in rows[0]]
    names = [row[headings.index("名称")].value for row in rows[1:]]
    assert names == [deposit["name"] for deposit in expected]
    assert 0 < len(names) < api_client.get("/api/v1/deposits/").json()["count"]


def test_text_that_looks_like_a_formula_stays_text(api_client, plan):
    make_deposit(plan, name='=HYPERLINK("http://evil.example","点我")')
    rows = workbook_rows(api_client.get("/api/v1/deposits/?format=xlsx&search=HYPERLINK"))
    headings = [cell.value for cell in rows[0]]
    [row] = rows[1:]
    cell = row[headings.index("名称")]
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK")
    assert cell.quotePrefix


def test_an_error_stays_json(api_client, plan):
    response = api_client.get("/api/v1/deposits/?format=xlsx&scale=huge")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "scale" in response.json()["errors"]


def test_one_record_is_not_offered_as_a_workbook(api_client, plan, get_json):
    deposit = api_client.get("/api/v1/deposits/").json()["results"][0]
    status, body = get_json(f"/api/v1/deposits/{deposit['id']}/?format=xlsx")
    assert status == 400
    assert "xlsx" in body["errors"]["format"][0]


def test_the_schema_documents_the_workbook_on_lists(api_client, db):
    schema = api_client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/deposits/"]["get"]
    assert XLSX_CONTENT_TYPE in operation["responses"]["200"]["content"]
    detail = schema["paths"]["/api/v1/deposits/{id}/"]["get"]
    assert XLSX_CONTENT_TYPE not in detail["responses"]["200"]["content"]
