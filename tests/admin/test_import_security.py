"""Admin Excel import: who may import, which upload the confirm step takes, where uploads wait,
and hostile files (zip bombs, declared-dimension bombs, too many rows or columns, damaged or
foreign files, oversize uploads) refused before they are parsed, with nothing written."""

import re
import tempfile
import tracemalloc
import zipfile
from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planportal.imports import SESSION_KEY, UploadCacheStorage
from rights.models import MiningRight
from tests.admin.test_admin_excel import XLSX, workbook_upload

MINING_HEADERS = [
    "plan",
    "seq",
    "name",
    "mineral",
    "area_km2",
    "capacity",
    "capacity_unit",
    "status",
]


def xlsx_bytes(headers, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewritten(data, change):
    """The .xlsx ``data`` with ``change(name, bytes) -> bytes`` applied to every part."""
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info.filename)))
    return out.getvalue()


def capacity_rows(plan, capacity, n=1):
    return [
        [plan.code, seq, f"采矿权{seq}", "铁矿", 0.5, capacity, "万吨/年", "生产"]
        for seq in range(1, n + 1)
    ]


def mining_import(client, upload):
    return client.post(
        reverse("admin:rights_miningright_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )


def confirm(client, preview, **override):
    form = preview.context["confirm_form"]
    data = {name: form.initial[name] for name in form.fields}
    data.update(override)
    return client.post(reverse("admin:rights_miningright_process_import"), data)


@pytest.fixture
def temp_folder(tmp_path, monkeypatch):
    """The temp folder every tempfile call uses during the test, to see what is left in it."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def capacities(plan):
    return list(MiningRight.objects.filter(plan=plan).values_list("capacity", flat=True))


# Permissions -------------------------------------------------------------------------------


@pytest.fixture
def viewer_staff(make_user, loaded_plan):
    """Staff who may see mining rights, not add or change them."""
    return make_user("look-only", staff=True, perms=["rights.view_miningright"])


@pytest.fixture
def changer_staff(make_user, loaded_plan):
    """Staff who may change mining rights but not add them."""
    return make_user(
        "change-only", staff=True, perms=["rights.view_miningright", "rights.change_miningright"]
    )


@pytest.mark.parametrize("user_fixture", ["viewer_staff", "changer_staff"])
def test_import_without_add_and_change_permission_is_refused(
    client, request, user_fixture, loaded_plan
):
    client.force_login(request.getfixturevalue(user_fixture))
    before = capacities(loaded_plan)
    upload = workbook_upload(MINING_HEADERS, capacity_rows(loaded_plan, 0, n=24))

    assert client.get(reverse("admin:rights_miningright_import")).status_code == 403
    assert mining_import(client, upload).status_code == 403
    response = client.post(
        reverse("admin:rights_miningright_process_import"),
        {"import_file_name": "x", "original_file_name": "x.xlsx", "format": "0", "resource": "0"},
    )
    assert response.status_code == 403
    assert capacities(loaded_plan) == before


def test_staff_without_any_permission_cannot_import_or_export(client, make_user, loaded_plan):
    client.force_login(make_user("nobody", staff=True))
    for view in ("import", "export"):
        assert client.get(reverse(f"admin:rights_miningright_{view}")).status_code == 403


def test_export_needs_the_view_permission(client, make_user, loaded_plan):
    other = make_user("deposits-only", staff=True, perms=["deposits.view_deposit"])
    client.force_login(other)
    url = reverse("admin:rights_miningright_export")
    assert client.get(url).status_code == 403
    assert client.post(url, {"format": "0", "resource": "0"}).status_code == 403
    assert client.get(reverse("admin:deposits_deposit_export")).status_code == 200


def test_editor_with_add_and_change_may_import(client, editor, test_plan):
    client.force_login(editor)
    preview = mining_import(client, workbook_upload(MINING_HEADERS, capacity_rows(test_plan, 5)))
    assert "confirm_form" in preview.context
    assert confirm(client, preview).status_code == 302
    assert capacities(test_plan) == [5]


# The confirm step takes only this session's upload -----------------------------------------


def test_confirm_refuses_a_made_up_file_name(admin_client_zh, test_plan, temp_folder):
    planted = temp_folder / "planted.xlsx"
    planted.write_bytes(xlsx_bytes(MINING_HEADERS, capacity_rows(test_plan, 0)))
    response = admin_client_zh.post(
        reverse("admin:rights_miningright_process_import"),
        {
            "import_file_name": "planted.xlsx",
            "original_file_name": "planted.xlsx",
            "format": "0",
            "resource": "0",
        },
    )
    assert response.status_code == 403
    assert planted.exists()  # not deleted either
    assert capacities(test_plan) == []


def test_confirm_refuses_another_users_upload(client, superuser, make_user, test_plan):
    client.force_login(superuser)
    preview = mining_import(client, workbook_upload(MINING_HEADERS, capacity_rows(test_plan, 7)))
    name = preview.context["confirm_form"].initial["import_file_name"]
    intruder = make_user("intruder", staff=True, superuser=True)
    client.force_login(intruder)  # a new session

    response = confirm(client, preview)

    assert response.status_code == 403
    assert capacities(test_plan) == []
    # The owner can still confirm it.
    client.force_login(superuser)
    session = client.session
    session[SESSION_KEY] = {name: "rights.miningright"}
    session.save()
    assert confirm(client, preview).status_code == 302
    assert capacities(test_plan) == [7]


def test_an_upload_is_confirmed_once(admin_client_zh, test_plan):
    preview = mining_import(
        admin_client_zh, workbook_upload(MINING_HEADERS, capacity_rows(test_plan, 3))
    )
    assert confirm(admin_client_zh, preview).status_code == 302
    assert confirm(admin_client_zh, preview).status_code == 403


def test_confirm_of_another_registers_upload_is_refused(admin_client_zh, test_plan):
    preview = mining_import(
        admin_client_zh, workbook_upload(MINING_HEADERS, capacity_rows(test_plan, 3))
    )
    form = preview.context["confirm_form"]
    response = admin_client_zh.post(
        reverse("admin:deposits_deposit_process_import"),
        {name: form.initial[name] for name in form.fields},
    )
    assert response.status_code == 403


# Nothing stays behind ----------------------------------------------------------------------


def stored_upload(name):
    return UploadCacheStorage(name=name).read()


def test_confirmed_import_leaves_no_file(admin_client_zh, test_plan, temp_folder):
    preview = mining_import(
        admin_client_zh, workbook_upload(MINING_HEADERS, capacity_rows(test_plan, 2))
    )
    name = preview.context["confirm_form"].initial["import_file_name"]
    assert stored_upload(name) is not None  # waiting for the confirmation
    assert list(temp_folder.iterdir()) == []

    confirm(admin_client_zh, preview)

    assert stored_upload(name) is None
    assert admin_client_zh.session.get(SESSION_KEY) == {}
    assert list(temp_folder.iterdir()) == []


def test_preview_with_errors_leaves_no_file(admin_client_zh, test_plan, temp_folder):
    rows = [[test_plan.code, 1, "未知矿种采矿权", "不存在的矿种", 1, 1, "万吨/年", "生产"]]
    preview = mining_import(admin_client_zh, workbook_upload(MINING_HEADERS, rows))

    assert preview.context["result"].has_validation_errors()
    assert "confirm_form" not in preview.context
    assert list(temp_folder.iterdir()) == []
    assert not admin_client_zh.session.get(SESSION_KEY)


def test_abandoned_preview_leaves_nothing_in_the_temp_folder(
    admin_client_zh, test_plan, temp_folder
):
    preview = mining_import(
        admin_client_zh, workbook_upload(MINING_HEADERS, capacity_rows(test_plan, 2))
    )
    assert "confirm_form" in preview.context
    # The user walks away: the upload waits in the cache (with an expiry), not on disk.
    assert list(temp_folder.iterdir()) == []


def test_an_expired_upload_asks_for_the_file_again(admin_client_zh, test_plan):
    preview = mining_import(
        admin_client_zh, workbook_upload(MINING_HEADERS, capacity_rows(test_plan, 2))
    )
    name = preview.context["confirm_form"].initial["import_file_name"]
    UploadCacheStorage(name=name).remove()  # as the cache does when it expires

    response = confirm(admin_client_zh, preview)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:rights_miningright_import")
    assert capacities(test_plan) == []


# Hostile files -----------------------------------------------------------------------------


@pytest.fixture
def small_caps(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 200_000
    settings.IMPORT_MAX_UNPACKED_MEMBER_BYTES = 1_000_000
    settings.IMPORT_MAX_UNPACKED_TOTAL_BYTES = 2_000_000
    settings.IMPORT_MAX_ROWS = 50
    settings.IMPORT_MAX_COLUMNS = 30
    return settings


def valid_workbook(plan, n=3):
    return xlsx_bytes(MINING_HEADERS, capacity_rows(plan, 1, n=n))


def zip_bomb(plan):
    """A genuine workbook whose shared strings unpack to 64 MB (about 64 KB packed)."""
    padding = b" " * (64 * 1024 * 1024)

    def change(name, content):
        if name == "xl/sharedStrings.xml":
            return content.replace(b"<sst ", padding + b"<sst ", 1)
        return content

    data = valid_workbook(plan)
    if b"xl/sharedStrings.xml" not in data:  # openpyxl writes inline strings: add the part
        out = BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in zipfile.ZipFile(BytesIO(data)).infolist():
                target.writestr(info, zipfile.ZipFile(BytesIO(data)).read(info))
            target.writestr("xl/sharedStrings.xml", padding + b"<sst/>")
        return out.getvalue()
    return rewritten(data, change)


def dimension_bomb(plan):
    """A few KB declaring a sheet of 1,048,576 rows."""

    def change(name, content):
        if name.startswith("xl/worksheets/"):
            return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:R1048576"', content)
        return content

    return rewritten(valid_workbook(plan), change)


def without_dimension(data):
    """The workbook with no declared dimension: only reading the rows tells their number."""

    def change(name, content):
        if name.startswith("xl/worksheets/"):
            return re.sub(rb"<dimension [^>]*/>", b"", content)
        return content

    return rewritten(data, change)


def too_many_rows(plan):
    return without_dimension(valid_workbook(plan, n=60))


def too_many_columns(plan):
    headers = MINING_HEADERS + [f"extra{i}" for i in range(40)]
    return without_dimension(xlsx_bytes(headers, capacity_rows(plan, 1)))


def corrupt_zip(plan):
    data = valid_workbook(plan)
    return data[: len(data) // 2] + b"\x00" * 64 + data[len(data) // 2 + 64 :]


def truncated_zip(plan):
    data = valid_workbook(plan)
    return data[: len(data) - 200]


def plain_text(plan):
    return f"plan,seq,name\n{plan.code},1,文本\n".encode()


def foreign_zip(plan):
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        target.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def oversize(plan):
    # Incompressible data in a valid workbook: over 200 KB on the wire.
    import os

    return xlsx_bytes(MINING_HEADERS, [[os.urandom(8000).hex()] for _ in range(30)])


HOSTILE = {
    zip_bomb: "解压后超过",
    dimension_bomb: "工作表超过 50 行",
    too_many_rows: "工作表超过 50 行",
    too_many_columns: "工作表超过 30 列",
    corrupt_zip: "不是 Excel 工作簿",
    truncated_zip: "不是 Excel 工作簿",
    plain_text: "不是 Excel 工作簿",
    foreign_zip: "不是 Excel 工作簿",
    oversize: "不接受超过",
}


@pytest.mark.parametrize("build", list(HOSTILE), ids=lambda build: build.__name__)
def test_hostile_file_is_refused_with_a_message_and_writes_nothing(
    admin_client_zh, small_caps, test_plan, temp_folder, build
):
    upload = SimpleUploadedFile("hostile.xlsx", build(test_plan), content_type=XLSX)
    rights_before = MiningRight.objects.count()

    response = mining_import(admin_client_zh, upload)

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("import_file", []))
    assert HOSTILE[build] in errors, errors
    assert HOSTILE[build] in response.content.decode()
    assert "confirm_form" not in response.context
    assert "result" not in response.context  # never got as far as reading rows
    assert MiningRight.objects.count() == rights_before
    assert list(temp_folder.iterdir()) == []
    assert not admin_client_zh.session.get(SESSION_KEY)


def test_zip_bomb_is_refused_before_it_is_unpacked(small_caps, test_plan):
    from planportal.spreadsheets import SpreadsheetRefused, open_workbook_safely

    bomb = zip_bomb(test_plan)
    tracemalloc.start()
    try:
        with pytest.raises(SpreadsheetRefused):
            open_workbook_safely(bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Unpacking the shared strings would take 64 MB at least.
    assert peak < 8 * 1024 * 1024


def test_dimension_bomb_is_refused_before_its_rows_are_read(small_caps, test_plan, monkeypatch):
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    from planportal.spreadsheets import SpreadsheetRefused, open_workbook_safely

    def no_rows(*args, **kwargs):
        raise AssertionError("the rows were read")

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", no_rows)
    with pytest.raises(SpreadsheetRefused, match=r"1048576|50"):
        open_workbook_safely(dimension_bomb(test_plan))


def test_a_workbook_at_the_caps_imports(admin_client_zh, small_caps, test_plan):
    preview = mining_import(
        admin_client_zh,
        SimpleUploadedFile("ok.xlsx", valid_workbook(test_plan, n=50), content_type=XLSX),
    )
    assert "confirm_form" in preview.context, preview.context["form"].errors
    assert confirm(admin_client_zh, preview).status_code == 302
    assert MiningRight.objects.filter(plan=test_plan).count() == 50


# Many rows ---------------------------------------------------------------------------------


def test_two_thousand_new_rows_import(admin_client_zh, test_plan):
    rows = [
        [test_plan.code, seq, f"批量采矿权{seq}", "铁矿", 0.25, seq % 90 + 0.5, "万吨/年", "生产"]
        for seq in range(1, 2001)
    ]
    preview = mining_import(admin_client_zh, workbook_upload(MINING_HEADERS, rows))
    assert "confirm_form" in preview.context
    assert preview.context["result"].totals["new"] == 2000
    # The preview table shows the first rows only; the totals count them all.
    assert "仅显示 2000 行中的前 100 行" in preview.content.decode()

    assert confirm(admin_client_zh, preview).status_code == 302

    assert MiningRight.objects.filter(plan=test_plan).count() == 2000
    assert MiningRight.history.filter(plan=test_plan).count() == 2000


# Errors as messages ------------------------------------------------------------------------


def test_import_errors_show_no_traceback(admin_client_zh, test_plan, settings):
    settings.DEBUG = False
    rows = [
        [test_plan.code, 1, "甲", "铁矿", 1, 1, "万吨/年", "生产"],
        [test_plan.code, 1, "乙", "铁矿", 1, 2, "万吨/年", "生产"],
    ]
    response = mining_import(admin_client_zh, workbook_upload(MINING_HEADERS, rows))
    page = response.content.decode()
    assert response.context["result"].has_errors()
    assert "重复出现" in page
    assert "Traceback" not in page
    assert 'File "' not in page
    assert "traceback" not in page
