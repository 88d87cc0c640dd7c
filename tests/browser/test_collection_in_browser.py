"""The yearly collection in a real Chromium: staff upload a filled template with an error,
see it in the preview, fix it, confirm, and see the dashboard move."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from targets.collection import indicator_key, indicator_value_template
from targets.models import Indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def filled(plan, indicator, value, folder):
    """The plan's 2025 template with ``value`` typed in for ``indicator``, as a file."""
    workbook = load_workbook(BytesIO(indicator_value_template(plan, 2025)))
    sheet = workbook.active
    headings = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[headings.index("指标编号")].value == indicator_key(indicator):
            row[headings.index("实际值")].value = value
    path = folder / f"填报-{value}.xlsx"
    workbook.save(path)
    return path


def test_staff_fix_an_error_confirm_and_see_the_dashboard_move(
    page, live_server, loaded_plan, editor, watch, screenshots, tmp_path
):
    iron = Indicator.objects.get(plan=loaded_plan, group__code="column_8", seq=2)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "test-password-不可猜")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    targets_url = live_server.url + reverse("targets:dashboard")
    page.goto(targets_url)
    completion = page.locator(f'tr[data-indicator="{iron.pk}"] [data-testid="completion"]')
    before = completion.inner_text()

    page.goto(live_server.url + reverse("targets:collection"))
    page.set_input_files("#id_file", str(filled(loaded_plan, iron, "一百七十", tmp_path)))
    page.get_by_role("button", name="校验文件").click()
    errors = page.get_by_test_id("collection-errors")
    expect(errors).to_contain_text("实际值")
    expect(errors).to_contain_text("一百七十")
    expect(page.get_by_test_id("collection-confirm")).to_have_count(0)
    screenshots(page, "collection-preview-error")

    page.set_input_files("#id_file", str(filled(loaded_plan, iron, 170, tmp_path)))
    page.get_by_role("button", name="校验文件").click()
    expect(page.get_by_test_id("collection-changes")).to_contain_text(iron.name)
    page.get_by_test_id("collection-confirm").click()
    expect(page.locator(".message--success")).to_be_visible()

    page.goto(targets_url)
    expect(completion).not_to_have_text(before)
    screenshots(page, "targets-after-collection")
    watch.assert_clean()
