"""Every resource runs the API defaults the settings name, with no per-view copy of them."""

import pytest
from rest_framework.settings import api_settings

from planportal.api.filters import (
    FilterSetSearchFilter,
    KnownParametersFilter,
    StrictOrderingFilter,
)
from planportal.api.pagination import PlanPagination
from planportal.api.permissions import PlanDataPermission
from planportal.api.schema import PlanAutoSchema
from planportal.api.urls import router

VIEWSETS = [viewset for _prefix, viewset, _basename in router.registry]


def test_the_settings_name_the_backends_that_run():
    assert api_settings.DEFAULT_FILTER_BACKENDS[0] is KnownParametersFilter
    assert FilterSetSearchFilter in api_settings.DEFAULT_FILTER_BACKENDS
    assert api_settings.DEFAULT_FILTER_BACKENDS[-1] is StrictOrderingFilter
    assert api_settings.DEFAULT_PAGINATION_CLASS is PlanPagination
    assert list(api_settings.DEFAULT_PERMISSION_CLASSES) == [PlanDataPermission]
    assert api_settings.DEFAULT_SCHEMA_CLASS is PlanAutoSchema


@pytest.mark.parametrize("viewset", VIEWSETS, ids=lambda viewset: viewset.__name__)
def test_every_resource_filters_and_pages_with_the_defaults(viewset):
    view = viewset()
    assert view.filter_backends == api_settings.DEFAULT_FILTER_BACKENDS
    assert view.pagination_class is api_settings.DEFAULT_PAGINATION_CLASS
    assert view.permission_classes == api_settings.DEFAULT_PERMISSION_CLASSES


@pytest.mark.parametrize("viewset", VIEWSETS, ids=lambda viewset: viewset.__name__)
def test_every_resource_searches_the_fields_its_filterset_names(viewset):
    # The register pages search with the same FilterSet (tests/pages/test_search_parity.py).
    assert not hasattr(viewset, "search_fields")
    assert viewset.filterset_class.search_fields
