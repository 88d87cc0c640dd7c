"""The yearly collection pages: download, upload → preview → confirm, the missing figures."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from planportal.units import Unit
from targets.models import IndicatorValue
from tests.factories import make_user

PERMS = ["targets.add_indicatorvalue", "targets.change_indicatorvalue"]


@pytest.fixture
def staff(db):
    return make_user("填报员", staff=True, perms=PERMS)


@pytest.fixture
def ore(make_indicator, add_value):
    indicator = make_indicator(Unit.TEN_K_TONNE, name="铁矿资源量")
    add_value(indicator, 2022, "40")
    return indicator


def page(own_plan, name="collection"):
    return f"/targets/collection/{'' if name == 'collection' else name + '/'}?plan={own_plan.code}"


def template(client, own_plan, year=2024):
    response = client.get(f"/targets/collection/template/?plan={own_plan.code}&year={year}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def typed(data, value):
    workbook = load_workbook(BytesIO(data))
    sheet = workbook.active
    headings = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=headings.index("实际值") + 1, value=value)
    out = BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("填报.xlsx", out.getvalue())


def test_upload_preview_fix_confirm(client, staff, own_plan, ore):
    client.force_login(staff)
    data = template(client, own_plan)

    bad = client.post(page(own_plan), {"file": typed(data, "四十五")})
    assert bad.status_code == 200
    [error] = bad.context["result"].errors
    assert (error.row, error.column) == (2, "实际值")
    assert bad.context["upload"] is None
    assert "四十五" in bad.content.decode()

    good = client.post(page(own_plan), {"file": typed(data, 45)})
    assert len(good.context["result"].created) == 1
    upload = good.context["upload"]
    assert not IndicatorValue.objects.filter(year=2024).exists()  # a preview writes nothing

    confirmed = client.post(
        f"/targets/collection/confirm/?plan={own_plan.code}", {"upload": upload}
    )
    assert confirmed.status_code == 302
    figure = IndicatorValue.objects.get(indicator=ore, year=2024)
    assert (figure.value, figure.entered_by) == (45, staff)
    assert figure.history.first().history_user == staff

    again = client.post(f"/targets/collection/confirm/?plan={own_plan.code}", {"upload": upload})
    assert again.status_code == 403  # confirmed once


def test_another_session_cannot_confirm_an_upload(client, staff, own_plan, ore):
    client.force_login(staff)
    good = client.post(page(own_plan), {"file": typed(template(client, own_plan), 45)})
    other = make_user("另一人", staff=True, perms=PERMS)
    client.force_login(other)
    response = client.post(
        f"/targets/collection/confirm/?plan={own_plan.code}", {"upload": good.context["upload"]}
    )
    assert response.status_code == 403
    assert not IndicatorValue.objects.filter(year=2024).exists()


def test_a_hostile_file_is_refused_on_the_form(client, staff, own_plan, ore):
    client.force_login(staff)
    upload = SimpleUploadedFile("x.xlsx", b"PK\x03\x04 not really")
    response = client.post(page(own_plan), {"file": upload})
    assert response.status_code == 200
    assert "不是 Excel 工作簿" in " ".join(response.context["form"].errors["file"])
    assert "result" not in response.context


def test_anonymous_go_to_the_login_and_viewers_are_refused(client, own_plan, ore):
    assert client.get(page(own_plan)).status_code == 302
    client.force_login(make_user("只读", staff=True, perms=["targets.view_indicatorvalue"]))
    assert client.get(page(own_plan)).status_code == 403
    assert client.get("/targets/collection/template/?year=2024").status_code == 403


def test_missing_page_lists_targets_without_a_figure(client, own_plan, ore):
    response = client.get(page(own_plan, "missing"))
    assert response.status_code == 200
    missing = dict(response.context["missing"])
    assert ore not in missing[2022]
    assert ore in missing[2023]


def test_the_admin_changelist_links_to_the_collection(admin_client, db):
    response = admin_client.get("/admin/targets/indicatorvalue/")
    assert "/targets/collection/" in response.content.decode()
