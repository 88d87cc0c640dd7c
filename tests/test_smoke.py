from planportal.models import Plan


def test_plan_is_loaded(loaded_plan):
    assert Plan.objects.get().code == "xinyuan-2021-2025"
