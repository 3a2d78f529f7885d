"""Page-number pagination with a validated, bounded page size, whose pages are found by primary key first."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000


class KeysFirstPaginator(Paginator):
    """A page of a QuerySet in two steps: the page's primary keys, filtered and ordered without the joins that only
    fetch what the rows show (select_related); then those rows, with their joins and prefetches, by key.

    A list joins every related record it shows. With a filter through a to-many relation (`pk IN (subquery)`) that
    is more tables than PostgreSQL reorders (join_collapse_limit 8): it joined all 100,000 projects to their regions,
    sectors, zones... before applying the filter (~400 ms for 50 rows). The keys query needs only the filter's and
    the ordering's own joins, so indexes serve it; the second query reads 50 rows by primary key. The count is
    Django's: COUNT(*) without ordering, select_related joins or unused annotations (pinned in tests/core/test_sql_shape.py).
    """

    def _get_page(self, object_list, number, paginator):
        if not isinstance(object_list, QuerySet):
            return super()._get_page(object_list, number, paginator)
        keys = list(object_list.values_list("pk", flat=True))
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=keys)} if keys else {}
        return super()._get_page([rows[key] for key in keys if key in rows], number, paginator)


class StandardPagination(PageNumberPagination):
    """`page` (from 1) and `page_size` (1 to 1000, default 50); bad values are a 400, not a silent default."""

    django_paginator_class = KeysFirstPaginator
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_size_query_description = f"Rows per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE})."
    page_query_description = "Page number, from 1."

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Enter a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            raise exceptions.ValidationError({self.page_query_param: [_("Enter a whole number from 1.")]})
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        properties = response["properties"]
        properties["count"].update(description="Rows matching the filters, over all pages.", example=1)
        properties["next"].update(description="URL of the next page; null on the last page.", example=None)
        properties["previous"].update(description="URL of the previous page; null on the first page.", example=None)
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size, "default": self.page_size})
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update({"minimum": 1})
        return parameters
