"""Change history: who changed what, when, and through which channel (admin, API, import, seed).

django-simple-history records every save and delete of a data model; this module adds the channel. The
channel is a context variable, set by ChangeChannelMiddleware for web requests and by `change_channel()`
around imports and the seed loader; anything else (a shell, a migration) is recorded as "system".

Every historical row also carries the data version it was written under (`data_version`, claimed by raising the
version in the row's own transaction): the change feed (regionapi/core/feed/) reads every historical table in
the order of that number, which is commit order (the proof is in the feed's docstring).
"""

import contextvars
from contextlib import contextmanager

from django.db import models, router, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regionapi.core.dataversion import bump

_channel = contextvars.ContextVar("regionapi_change_channel", default="system")


class Channel(models.TextChoices):
    ADMIN = "admin", _("Admin")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    SEED = "seed", _("Seed data")
    SYSTEM = "system", _("System")


class HistoricalChannelModel(models.Model):
    """Base of every historical record: adds the channel of the change."""

    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.SYSTEM)
    # No default: a row written in bulk without one (bulk_create skips save()) fails loudly instead of landing
    # unseen before every feed cursor. Bulk writers pass `bump()`'s number.
    data_version = models.PositiveBigIntegerField(
        editable=False,
        help_text="The data version this change was written under: the change feed's order, which is commit order.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Claim the row's data version and insert it in one transaction (one of its own outside any), so the
        version row's lock is held from the claim until the row commits, whatever the caller's transaction."""
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            if self.data_version is None:
                self.data_version = bump(using)
            super().save(*args, **kwargs)


class FeedHistoricalRecords(HistoricalRecords):
    """Historical tables with an index for the change feed's order: (data version, history id)."""

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        options["indexes"] = [*options.get("indexes", ()), models.Index(fields=["data_version", "history_id"])]
        return options


@contextmanager
def change_channel(name: str):
    """Record changes made inside the block as coming through `name`."""
    token = _channel.set(name)
    try:
        yield
    finally:
        _channel.reset(token)


def current_channel() -> str:
    """The channel changes made now are recorded as coming through."""
    return _channel.get()


def stamp_channel(sender, history_instance, **kwargs):
    """pre_create_historical_record receiver."""
    history_instance.channel = _channel.get()


class ChangeChannelMiddleware:
    """Requests under /admin/ change data through the admin channel, under /api/ through the API channel."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        channel = Channel.ADMIN if path.startswith("/admin/") else Channel.API if path.startswith("/api/") else None
        if channel is None:
            return self.get_response(request)
        with change_channel(channel):
            return self.get_response(request)


def acting_user():
    """The signed-in user of the request being served (an admin upload), or None: history rows written in bulk
    name it themselves, since no save() asks django-simple-history's middleware for it."""
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def history_record_in_bulk(model, pks: list, *, history_type: str, user=None) -> None:
    """Record a change of the records `pks` of `model` (saved with bulk_create or bulk_update, which send no
    signal) in its history, as the database now holds them: the row django-simple-history writes on save() (every
    tracked column, the time, the user, "+" created or "~" changed, and the channel of the change), made by one
    INSERT ... SELECT per call instead of a model instance and a dozen values per record built in Python, which
    took longer than the write of the record itself."""
    from django.conf import settings
    from django.db import connections, router
    from django.utils import timezone

    if not pks or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = model.history.model
    connection = connections[router.db_for_write(history)]
    name = connection.ops.quote_name
    columns = [name(field.column) for field in history.tracked_fields]
    extra = {
        history._meta.get_field(field).column: value
        for field, value in (
            ("history_date", connection.ops.adapt_datetimefield_value(timezone.now())),
            ("history_change_reason", None),
            ("history_type", history_type),
            ("history_user", getattr(user, "pk", None)),
            ("channel", _channel.get()),
            # One data version for the batch, claimed in the import's transaction: the change feed's order.
            ("data_version", bump(connection.alias)),
        )
    }
    key = name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {name(history._meta.db_table)} ({', '.join([*columns, *map(name, extra)])}) "
            f"SELECT {', '.join(columns)}, {', '.join(['%s'] * len(extra))} FROM {name(model._meta.db_table)} "
            f"WHERE {key} IN ({', '.join(['%s'] * len(pks))}) ORDER BY {key}",
            [*extra.values(), *pks],
        )


def track_history(*models_, m2m: dict | None = None) -> None:
    """Register models with django-simple-history (called from AppConfig.ready(), after modeltranslation has added
    the translated fields, so the historical tables carry every language)."""
    from simple_history import register

    for model in models_:
        register(
            model,
            app=model._meta.app_label,
            records_class=FeedHistoricalRecords,
            bases=[HistoricalChannelModel],
            m2m_fields=(m2m or {}).get(model, []),
            # The folded search copy is derived; naming it on a model without one broke that model's revert page.
            excluded_fields=[field.name for field in model._meta.concrete_fields if field.name == "search_text"],
        )
