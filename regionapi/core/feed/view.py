"""The feed's endpoint, `GET /api/v1/changes/`: its parameters, its answer and its schema."""

from collections import defaultdict
from urllib.parse import quote

from django.db import router
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from regionapi.core.errors import ErrorSerializer
from regionapi.core.feed.cursor import START, position_of
from regionapi.core.feed.paging import Changed, FeedTable, Row, changed_fields, feed_tables, page_rows
from regionapi.core.language import LANGUAGE_PARAMETER
from regionapi.core.pagination import MAX_PAGE_SIZE, StandardPagination
from regionapi.core.schema import RegionapiAutoSchema

SINCE = "since"
RESOURCE = "resource"
PAGE_SIZE = "page_size"
PARAMETERS = {SINCE, RESOURCE, PAGE_SIZE, "format", LANGUAGE_PARAMETER}
DEFAULT_PAGE_SIZE = 100


# ---------------------------------------------------------------- the answer


class FeedChangeSerializer(serializers.Serializer):
    """One change of one record."""

    resource = serializers.CharField(help_text="The resource, as named in its URL (`zones`, `observations`).")
    key = serializers.CharField(
        allow_null=True,
        help_text="The record's public key (slug or code) as of this change; for a deletion, its last key. For a "
        "change of a record's part (a project's participant), the record's key.",
    )
    type = serializers.ChoiceField(
        choices=[("+", "created"), ("~", "changed"), ("-", "deleted")],
        help_text="+ created, ~ changed, - deleted. A change of a record's part (a project's participant or "
        "milestone, a deposit's estimate, an institution's specialty), made, changed or deleted, is a ~ of the record.",
    )
    date = serializers.DateTimeField(help_text="When the change was made (not an order: changes come in commit order).")
    channel = serializers.CharField(help_text="Through what: admin, api, import, seed or system.")
    data_version = serializers.IntegerField(
        help_text="The data version the change was written under; a download's `data_version` holds every change up "
        "to its own."
    )
    changed_fields = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="For ~: the fields that changed (a translated text per language, `name_en`; a record's part by the "
        "field that holds it, `participants`). Null for + and -, and when the record's earlier version is unknown.",
    )
    previous_key = serializers.CharField(
        allow_null=True,
        help_text="For a ~ that gave the record a new key (`changed_fields` names its slug or code): the key it had "
        "before, so a copy can drop the record under its old key. Null otherwise.",
    )
    revision = serializers.DictField(
        allow_null=True,
        help_text="For a ~ that changed a figure's value, status or release (a revision, or an editor's correction): "
        'each of them before and after, `{"value": {"was": "8449346.4000", "now": "7711828.2000"}, '
        '"status": {...}, "released_on": {...}}`. Null otherwise.',
    )
    url = serializers.URLField(
        allow_null=True,
        help_text="The record's URL as of this change (a later change may have moved or deleted it); null for a "
        "deletion.",
    )
    user = serializers.CharField(
        allow_null=True, help_text="Who made the change: staff only (a staff user's token or session); null otherwise."
    )


class FeedPageSerializer(serializers.Serializer):
    next = serializers.URLField(
        help_text="Always given: the URL of the changes after this page. With nothing after it, the same position: "
        "poll it (`If-None-Match` gets a 304 while nothing changed)."
    )
    results = FeedChangeSerializer(many=True)


def _detail_urls(request, tables: list[FeedTable]) -> dict[str, tuple[str, str]]:
    """{resource: (URL before the key, URL after it)}: each resource's detail URL reversed once per page."""
    marker = "regionapi-feed-key"
    templates = {}
    for table in tables:
        if table.resource not in templates:
            path = reverse(f"{table.namespace}:{table.basename}-detail", kwargs={table.lookup_field: marker})
            before, after = request.build_absolute_uri(path).split(marker)
            templates[table.resource] = (before, after)
    return templates


def entries(request, tables: list[FeedTable], rows: list[Row], *, using: str) -> list[dict]:
    """The page's changes as the API shows them."""
    by_tag = {table.tag: table for table in tables}
    # History ids are numbered per table, so the same id is a different change in each table: keyed by both.
    changes: dict[tuple[int, int], Changed] = {}
    grouped = defaultdict(list)
    for row in rows:
        if by_tag[row.tag].parent is None and row.history_type == "~":
            grouped[row.tag].append(row)
    for tag, table_rows in grouped.items():
        for history_id, changed in changed_fields(by_tag[tag], table_rows, using=using).items():
            changes[tag, history_id] = changed
    urls = _detail_urls(request, tables)
    found = []
    for row in rows:
        table = by_tag[row.tag]
        kind, changed = row.history_type, Changed(None)
        if table.parent is not None:
            kind, changed = "~", Changed([table.part])
        elif kind == "~":
            changed = changes[row.tag, row.history_id]
        url = None
        if kind != "-" and row.key is not None:
            before, after = urls[table.resource]
            url = before + quote(str(row.key), safe=RFC3986_SUBDELIMS + "/~:@") + after
        found.append(
            {
                "resource": table.resource,
                "key": row.key,
                "type": kind,
                "date": row.history_date,
                "channel": row.channel,
                "data_version": row.data_version,
                "changed_fields": changed.fields,
                "previous_key": changed.previous_key,
                "revision": changed.revision,
                "url": url,
                "user": row.user,
            }
        )
    return found


class ChangesSchema(RegionapiAutoSchema):
    """The feed's operation, with the resources its `resource=` takes, which the URL configuration decides."""

    def get_override_parameters(self):
        resource = OpenApiParameter(
            RESOURCE,
            str,
            many=True,
            enum=self.view.resources(),
            description="Only the changes of this resource (its name in URLs: `zones`, `observations`), its parts "
            "included; repeat the parameter for several. Unknown names are a 400.",
        )
        return [*super().get_override_parameters(), resource]


class ChangesView(APIView):
    """Every create, change and delete of every resource, in commit order: the way to keep a copy of the data up to
    date. Start from a download (`/api/v1/download/`, whose files name the feed URL to go on from) or from the
    beginning (no `since`), then follow `next`, which is always given: with nothing new it is the same URL, to poll.

    The cursor (`since`) is opaque. No change is skipped or served twice, whatever writes land between two pages:
    changes are ordered by the data version each was written under, which is commit order (a change committed later
    always comes after every change already visible). Bulk imports and seed loads are listed too, with their
    channel. Public: who made a change is shown to staff only."""

    routers = ()  # given by the URL configuration: ((namespace, router), ...) of every app
    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    http_method_names = ["get", "head", "options"]
    schema = ChangesSchema()

    def tables(self) -> list[FeedTable]:
        return feed_tables(tuple(self.routers))

    def resources(self) -> list[str]:
        return sorted({table.resource for table in self.tables()})

    @extend_schema(
        operation_id="changes_list",
        summary="Changes of every resource, in commit order",
        parameters=[
            OpenApiParameter(
                SINCE,
                str,
                description="Where to go on from: the cursor of a `next` link, or of a download's `changes` link. "
                "Opaque; without it, the feed starts from the first change. A text that is not a cursor is a 400.",
            ),
            OpenApiParameter(
                PAGE_SIZE,
                {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
                description=f"Changes per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
            ),
        ],
        responses={200: FeedPageSerializer, 400: ErrorSerializer},
    )
    def get(self, request, format=None):
        unknown = sorted(set(request.query_params) - PARAMETERS)
        if unknown:
            message = _("Unknown query parameter. Allowed: %(allowed)s.") % {"allowed": ", ".join(sorted(PARAMETERS))}
            raise exceptions.ValidationError({name: [message] for name in unknown})
        after = START
        if SINCE in request.query_params:
            try:
                after = position_of(request.query_params[SINCE])
            except ValueError:
                raise exceptions.ValidationError(
                    {
                        SINCE: [
                            _(
                                "Not a cursor of this feed: start without it, or use a `next` link or a download's "
                                "`changes` link."
                            )
                        ]
                    }
                ) from None
        wanted = request.query_params.getlist(RESOURCE)
        known = self.resources()
        strange = [name for name in wanted if name not in known]
        if strange:
            message = _("Unknown resource: %(names)s. Give one of: %(allowed)s.") % {
                "names": ", ".join(strange),
                "allowed": ", ".join(known),
            }
            raise exceptions.ValidationError({RESOURCE: [message]})
        pagination = StandardPagination()
        pagination.page_size = DEFAULT_PAGE_SIZE
        limit = pagination.get_page_size(request)
        tables = [table for table in self.tables() if not wanted or table.resource in wanted]
        using = router.db_for_read(tables[0].history)
        rows = page_rows(tables, after, limit, staff=request.user.is_staff, using=using)
        results = entries(request, tables, rows, using=using)
        last = rows[-1].position if rows else after
        next_url = replace_query_param(request.build_absolute_uri(), SINCE, last.cursor)
        return Response(FeedPageSerializer({"next": next_url, "results": results}).data)
