"""Page-number pagination: ?page=&page_size= (default 50, at most 1000)."""

from rest_framework.pagination import PageNumberPagination


class PlanPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000
