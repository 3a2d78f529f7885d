"""A record's change history as an API action: every version, who made it, through which channel, what changed."""

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.decorators import action


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryRecordSerializer(serializers.Serializer):
    history_id = serializers.IntegerField(source="record.history_id")
    date = serializers.DateTimeField(source="record.history_date")
    type = serializers.ChoiceField(
        source="record.history_type",
        choices=[("+", "created"), ("~", "changed"), ("-", "deleted")],
        help_text="+ created, ~ changed, - deleted.",
    )
    user = serializers.CharField(source="record.history_user.get_username", allow_null=True, default=None)
    channel = serializers.CharField(source="record.channel")
    changes = serializers.SerializerMethodField()

    def get_changes(self, row) -> list[dict]:
        return [
            {"field": change.field, "old": _plain(change.old), "new": _plain(change.new)} for change in row["changes"]
        ]


def _plain(value):
    if isinstance(value, list):  # many-to-many: list of through rows as dicts
        return [str(item) for item in value]
    return value if value is None or isinstance(value, (bool, int, float, str)) else str(value)


class HistoryMixin:
    """`GET <record>/history/` for models that keep history (django-simple-history); absent for the others."""

    @classmethod
    def get_extra_actions(cls):
        actions = super().get_extra_actions()
        if not hasattr(cls.queryset.model, "history"):
            actions = [method for method in actions if method.__name__ != "history"]
        return actions

    @extend_schema(
        description="Every change to the record, newest first: when, who, through which channel (admin, api, import, "
        "seed, system) and which fields changed from what to what. Paginated like every list (`page`, `page_size`; "
        "`{count, next, previous, results}`). Staff only: a token or session of a staff user; 401 without one, 403 "
        "for other users.",
        responses=HistoryRecordSerializer(many=True),
        filters=False,
    )
    @action(detail=True, url_path="history", permission_classes=[permissions.IsAdminUser])
    def history(self, request, *args, **kwargs):
        records = self.get_object().history.select_related("history_user").order_by("-history_date", "-history_id")
        # One page of versions, and the version just before its oldest, to diff against: the cost follows the
        # page size, not the length of the record's history.
        page = list(self.paginate_queryset(records))
        older = None
        if page:
            last = page[-1]
            older = records.filter(
                Q(history_date__lt=last.history_date)
                | Q(history_date=last.history_date, history_id__lt=last.history_id)
            ).first()
        rows = [
            {"record": record, "changes": record.diff_against(previous).changes if previous is not None else []}
            for record, previous in zip(page, [*page[1:], older])
        ]
        return self.get_paginated_response(HistoryRecordSerializer(rows, many=True).data)
