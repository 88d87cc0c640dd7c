"""The mining-rights register reviewed by 专栏18: each right's class, the rectification list."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from planportal.choices import MiningMethod, Scale
from review.ledger import mining_rights_filtered, mining_rights_review
from rights.models import MiningRight

# The class 专栏18 gives each of the 24 mines of 专栏4, from its registered capacity:
# - iron (铁, split 地下/露天 10/30 小型, 30/60 中型): the register gives no method; 60 万吨
#   is 中型 and 5–9 万吨 below the minimum either way; 10 万吨 is 小型 underground but below
#   open-pit 30, so unknown;
# - 水泥用灰岩 and 建筑石料用灰岩 are registered in 万立方米/年, 专栏18's 石灰岩 row counts
#   矿石万吨: no conversion between volume and mass, so unknown;
# - 建筑用花岗岩 (花岗岩): no row of 专栏18, so unknown;
# - 砖瓦用粘土 (6 小型 … 13 中型): 4 and 2.5 below, 6 小型; 建筑用砂 (15 中型, no 小型): 中型.
EXPECTED = {
    1: "medium",
    2: "below_minimum",
    3: "below_minimum",
    4: "below_minimum",
    5: "below_minimum",
    6: "unknown",
    7: "below_minimum",
    8: "below_minimum",
    9: "below_minimum",
    10: "unknown",
    11: "below_minimum",
    12: "unknown",
    13: "below_minimum",
    14: "below_minimum",
    15: "below_minimum",
    16: "below_minimum",
    17: "below_minimum",
    18: "below_minimum",
    19: "medium",
    20: "unknown",
    21: "unknown",
    22: "below_minimum",
    23: "small",
    24: "medium",
}


def by_seq(review):
    return {item.right.seq: item for item in review.rights}


def test_the_class_of_each_of_the_24_mining_rights_as_box_18_gives_it(loaded_plan):
    review = mining_rights_review(loaded_plan)
    assert {seq: item.scale_class for seq, item in by_seq(review).items()} == EXPECTED
    assert review.counts == {"large": 0, "medium": 3, "small": 1, "below_minimum": 15, "unknown": 5}
    # 四(三): the rights below the minimum scale are to be rectified or withdrawn.
    assert [item.right.seq for item in review.rectification] == [
        2, 3, 4, 5, 7, 8, 9, 11, 13, 14, 15, 16, 17, 18, 22,
    ]  # fmt: skip
    # Mine 6 (iron, 10 万吨/年) is below the minimum only if it is mined open-pit.
    assert [item.right.seq for item in review.to_confirm] == [6]
    assert by_seq(review)[6].alternatives == {"underground": "small", "open_pit": "below_minimum"}


def test_every_row_says_why_its_class_is_unknown_and_cites_its_clause(loaded_plan):
    rights = by_seq(mining_rights_review(loaded_plan))
    assert [f.rule for f in rights[6].findings] == ["scale.method_unknown"]
    assert rights[6].findings[0].severity == "warning"
    assert [f.rule for f in rights[10].findings] == ["scale.units"]
    assert "矿石万吨" in rights[10].findings[0].message
    assert [f.rule for f in rights[21].findings] == ["scale.no_standard"]
    below = rights[2].findings[0]
    assert (below.rule, below.severity, below.reference) == (
        "scale.below_minimum",
        "error",
        "四(三)",
    )
    assert "6 万吨/年" in below.message
    assert "10 万吨/年" in below.message
    assert "30 万吨/年" in below.message  # the open-pit minimum too: the method is not known
    assert rights[1].findings == []
    every = [f for item in rights.values() for f in item.findings]
    assert all(f.reference_url and "#" in f.reference_url for f in every)


def test_a_registered_method_and_scale_decide(loaded_plan):
    MiningRight.objects.filter(plan=loaded_plan, seq=6).update(
        mining_method=MiningMethod.UNDERGROUND, scale=Scale.MEDIUM
    )
    item = by_seq(mining_rights_review(loaded_plan))[6]
    assert item.scale_class == "small"
    assert [f.rule for f in item.findings] == ["scale.registered_differs"]
    MiningRight.objects.filter(plan=loaded_plan, seq=6).update(mining_method=MiningMethod.OPEN_PIT)
    item = by_seq(mining_rights_review(loaded_plan))[6]
    assert item.scale_class == "below_minimum"
    assert item.to_rectify


def test_filters(loaded_plan):
    review = mining_rights_review(loaded_plan)
    assert len(mining_rights_filtered(review, scale_class="unknown")) == 5
    assert len(mining_rights_filtered(review, rectify=False)) == 9
    assert mining_rights_filtered(review, scale_class="medium", rectify=True) == []


def test_review_page_and_export(client, loaded_plan):
    response = client.get(reverse("review:mining-rights"), {"scale_class": "medium"})
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count('data-class="medium"') == 1 + 3  # the count and three rows
    assert 'data-testid="rectification"' in text
    assert "新源县奥翔建材商贸有限责任公司砖厂粘土矿" in text  # on the rectification list
    assert client.get(reverse("review:mining-rights"), {"rectify": "x"}).status_code == 200

    export = client.get(reverse("review:mining-rights-export"))
    workbook = load_workbook(io.BytesIO(export.content))
    review_rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert len(review_rows) == 1 + 24
    assert len(list(workbook.worksheets[1].iter_rows(values_only=True))) == 1 + 15


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_review_page_in_both_languages(client, loaded_plan, language):
    from tests.factories import client_in

    text = client_in(client, language).get(reverse("review:mining-rights")).content.decode()
    assert {"en": "Rectification list", "zh-hans": "整改清单"}[language] in text
