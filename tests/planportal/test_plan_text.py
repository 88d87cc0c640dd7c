"""The plan's text in sections with stable anchors, the references that name them, /plan/."""

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planportal.loader import FIXTURES_DIR, plan_load
from planportal.models import Plan, PlanSection
from planportal.plan_text import (
    chinese_number,
    reference_anchor,
    reference_url,
    resolve_reference,
    split_sections,
    sync_sections,
)
from targets.models import Indicator, IndicatorGroup

pytestmark = pytest.mark.django_db

BOXES = [2, 3, 4, 7, 8, 9, 10, 11, 12, 13, 14, 15, 18, 19, 20, 21, 22]


def test_chinese_numbers():
    assert [chinese_number(n) for n in ("一", "七", "十", "十二", "二十一")] == [1, 7, 10, 12, 21]
    assert chinese_number("十三五") is None
    assert chinese_number("两") is None


def test_the_text_splits_into_front_matter_chapters_sections_and_boxes(plan_text):
    sections = split_sections(plan_text)
    by_kind = {}
    for section in sections:
        by_kind.setdefault(section.kind, []).append(section.anchor)
    assert by_kind["front"] == ["cover", "general"]
    assert by_kind["chapter"] == [f"s{n}" for n in range(1, 8)]
    # The sections the table of contents lists: 4 + 3 + 3 + 3 + 4 (六 and 七 have none).
    assert by_kind["section"] == [
        *(f"s1-{n}" for n in range(1, 5)),
        *(f"s2-{n}" for n in range(1, 4)),
        *(f"s3-{n}" for n in range(1, 4)),
        *(f"s4-{n}" for n in range(1, 4)),
        *(f"s5-{n}" for n in range(1, 5)),
    ]
    # Every 专栏 the plan prints (it numbers none 5, 6, 16 or 17), 专栏9 once.
    assert by_kind["box"] == [f"box-{n}" for n in BOXES]
    found = {section.anchor: section for section in sections}
    assert [s.order for s in sections] == list(range(1, len(sections) + 1))
    assert (found["s4-2"].number, found["s4-2"].title, found["s4-2"].level) == (
        "（二）",
        "优化开发利用结构",
        2,
    )
    assert (found["s3-1"].number, found["s3-1"].parent.anchor) == ("(一)", "s3")
    assert (found["box-18"].parent.anchor, found["box-18"].level) == ("s4-2", 3)
    assert (found["box-19"].parent.anchor, found["box-19"].level) == ("s6", 2)
    assert found["box-11"].title == "重点区域发展方向"  # printed on the line below 专栏 11
    assert found["general"].title == "总 则"
    # 专栏9 printed on two pages, heading repeated: one section holding rows 1 to 10.
    box9 = found["box-9"].text
    assert box9.count("专栏 9 重点矿种年开采总量主要规划目标") == 2
    assert "1\t铁矿" in box9
    assert "10\t建筑用砂" in box9
    # A box ends where the prose resumes; a list of projects keeps its paragraphs.
    assert found["box-2"].text.rstrip().endswith("小型")
    assert "截至 2020 年底，全县共有探矿权" not in found["box-2"].text
    assert "进度安排" in found["box-20"].text
    assert "3、西天山" in found["box-20"].text
    assert "矿产资源开发利用项目。" not in found["box-20"].text
    # Sections nest by their lines: a box inside its section inside its chapter.
    for section in sections:
        if section.parent is not None:
            assert section.parent.line_start < section.line_start
            assert section.line_end <= section.parent.line_end
    assert found["s4-2"].text.startswith("（二）优化开发利用结构")
    assert "不再新建年产 30 万吨（不含）以下露天开采铁矿" in found["s4-2"].text


def test_a_plan_without_text_has_no_sections():
    assert split_sections("") == []
    plan = Plan(code="empty", text="")
    assert reference_anchor([], "专栏18") is None
    assert resolve_reference(None, "专栏18") is None
    assert split_sections(plan.text) == []


def test_the_loader_stores_the_sections_and_reloading_keeps_their_anchors(loaded_plan):
    stored = list(PlanSection.objects.filter(plan=loaded_plan).values_list("anchor", "pk"))
    assert len(stored) == 2 + 7 + 17 + len(BOXES)
    box = PlanSection.objects.get(plan=loaded_plan, anchor="box-18")
    assert (box.number, box.title, box.parent.anchor) == (
        "专栏 18",
        "主要矿种最低开采规模设计标准",
        "s4-2",
    )
    plan_load()
    # Nothing changed in the text: nothing is rewritten, the rows keep their ids.
    assert list(PlanSection.objects.filter(plan=loaded_plan).values_list("anchor", "pk")) == stored
    assert sync_sections(loaded_plan) == len(stored)


def test_a_changed_text_gives_new_sections_and_no_text_none(loaded_plan):
    Plan.objects.filter(pk=loaded_plan.pk).update(text="一、总体\n\n（一）第一节\n正文\n")
    plan = Plan.objects.get(pk=loaded_plan.pk)
    assert sync_sections(plan) == 2
    assert list(PlanSection.objects.filter(plan=plan).values_list("anchor", "parent__anchor")) == [
        ("s1", None),
        ("s1-1", "s1"),
    ]
    plan.text = ""
    assert sync_sections(plan) == 0
    assert not PlanSection.objects.filter(plan=plan).exists()


def _fixture_references():
    """Every clause, reference and table name the plan's fixtures hold."""
    references = set()
    tables = set()
    for path in sorted(Path(FIXTURES_DIR).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        tables.add(data["table"])
        for row in [data.get("defaults", {}), *data["rows"]]:
            for name in ("clause", "reference"):
                if row.get(name):
                    references.add(row[name])
    return references, tables


# Names that name no part of the plan's text: the portal's own catalogues, and the collections
# of what the prose states (each row cites its own clause).
NOT_IN_THE_TEXT = {
    "正文所述关于本规划各表与登记簿的数字（与表格行对照\uff1b表格行为准）",
    "正文所述规划目标（未列入专栏）",
    "矿种类别（规划按类别统计或管理的矿种：砂石粘土类、石灰岩）",
    "矿种类别成员（砂石粘土类、石灰岩）",
    "矿种目录（规划中出现的矿种及其写法）",
}


def test_every_reference_in_the_fixtures_resolves(loaded_plan):
    references, tables = _fixture_references()
    assert len(references) > 10
    groups = set(IndicatorGroup.objects.filter(plan=loaded_plan).values_list("title", flat=True))
    unresolved = [
        reference
        for reference in sorted((references | groups | tables) - NOT_IN_THE_TEXT)
        if resolve_reference(loaded_plan, reference) is None
    ]
    assert not unresolved
    for reference in NOT_IN_THE_TEXT:
        assert resolve_reference(loaded_plan, reference) is None


@pytest.mark.parametrize(
    ("reference", "anchor"),
    [
        ("三(三) 勘查开采与保护布局", "s3-3"),
        ("四(一) 合理确定矿山数量", "s4-1"),  # a run-in heading of 四(一), not its title
        ("四（二）", "s4-2"),
        ("三(一)", "s3-1"),
        ("专栏18", "box-18"),
        ("专栏 18 主要矿种最低开采规模设计标准", "box-18"),
        ("专栏18 石灰岩（水泥用/其他）", "box-18"),
        ("二(三) 矿产勘查规划目标 · 专栏8", "box-8"),
        ("专栏9 重点矿种年开采总量主要规划目标（印于两页）", "box-9"),
        ("六、重点项目 专栏19–22", "s6"),
        ("规划指标表（十三五两表、专栏7–10、正文所述目标）", "box-7"),
        ("封面与总则", "cover"),
        ("总则", "general"),
        ("七、规划保障措施", "s7"),
        ("绿色矿山建设", "s5-2"),
        ("“十三五”矿产产量规划指标完成情况（原表无标题）", "s1-2"),  # a title alone
        ("砂石粘土类最低开采规模及矿区生态保护", "s3-3"),  # a run-in heading alone
        ("专栏 5", None),  # the plan prints no 专栏5
        ("九(一)", None),
        ("", None),
        ("x", None),
    ],
)
def test_references_resolve_to_anchors(loaded_plan, reference, anchor):
    section = resolve_reference(loaded_plan, reference)
    assert (section.anchor if section else None) == anchor
    url = reference_url(loaded_plan, reference)
    assert url == (f"/plan/?plan={loaded_plan.code}#{anchor}" if anchor else None)


def test_resolving_many_references_reads_the_sections_once(loaded_plan):
    plan = Plan.objects.get(pk=loaded_plan.pk)
    with CaptureQueriesContext(connection) as queries:
        for reference in ("专栏18", "四(二)", "三(三)", "专栏 18 x", "四(一)"):
            assert reference_url(plan, reference)
    assert len(queries) == 1


def test_the_plan_page_shows_the_text_with_contents_and_anchors(client, loaded_plan):
    response = client.get("/plan/", {"plan": loaded_plan.code})
    assert response.status_code == 200
    html = response.content.decode()
    for anchor in ("cover", "general", "s1", "s4-2", "box-9", "box-18", "s7"):
        assert f'id="{anchor}"' in html
        assert f'href="#{anchor}"' in html
    assert html.count('id="box-9"') == 1
    assert "主要矿种最低开采规模设计标准" in html
    assert "不再新建年产 30 万吨（不含）以下露天开采铁矿" in html


def test_the_plan_page_costs_the_same_queries_whatever_the_plan(client, loaded_plan):
    with CaptureQueriesContext(connection) as full:
        assert client.get("/plan/").status_code == 200
    Plan.objects.filter(pk=loaded_plan.pk).update(text="一、总体\n正文\n")
    sync_sections(Plan.objects.get(pk=loaded_plan.pk))
    with CaptureQueriesContext(connection) as small:
        assert client.get("/plan/").status_code == 200
    assert len(full) == len(small)


def test_the_plan_page_of_an_unknown_plan_is_a_404(client):
    assert client.get("/plan/", {"plan": "nope"}).status_code == 404
    assert client.get("/plan/", {"plan": "a/b c"}).status_code == 404
    assert client.post("/plan/").status_code == 405


def test_the_api_lists_the_sections(api_client, loaded_plan):
    body = api_client.get(
        "/api/v1/plan-sections/", {"plan": loaded_plan.code, "kind": "box", "page_size": 100}
    ).json()
    assert [row["anchor"] for row in body["results"]] == [f"box-{n}" for n in BOXES]
    box = next(row for row in body["results"] if row["anchor"] == "box-18")
    assert (box["parent"], box["url"]) == ("s4-2", f"/plan/?plan={loaded_plan.code}#box-18")
    assert api_client.get("/api/v1/plan-sections/", {"kind": "nope"}).status_code == 400
    assert api_client.post("/api/v1/plan-sections/", {}, format="json").status_code in (
        401,
        403,
        405,
    )


def test_pages_link_records_to_their_clause(client, loaded_plan):
    indicator = Indicator.objects.get(group__plan=loaded_plan, group__code="prose", seq=4)
    html = client.get(f"/targets/{indicator.pk}/").content.decode()
    assert f'class="clause-link" href="/plan/?plan={loaded_plan.code}#s2-3"' in html
    dashboard = client.get("/targets/").content.decode()
    assert f'href="/plan/?plan={loaded_plan.code}#box-9"' in dashboard  # 专栏9's heading
    zones = client.get("/zones/").content.decode()
    assert f'href="/plan/?plan={loaded_plan.code}#s3-3"' in zones


def test_a_heading_printed_twice_still_gives_unique_anchors():
    sections = split_sections("一、甲\n正文\n一、甲\n（一）乙\n（一）乙\n正文\n")
    assert [section.anchor for section in sections] == ["s1", "s1x2", "s1x2-1", "s1x2-1x2"]
