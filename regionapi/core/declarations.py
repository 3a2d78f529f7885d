"""What an analytic action declares (see analytics.py), readable without importing DRF's views: the export
renderers and the filter backend, which DRF's settings import early, look it up too."""

from collections.abc import Callable
from dataclasses import dataclass

from rest_framework.serializers import BaseSerializer

SerializerSource = type[BaseSerializer] | Callable[[type], type[BaseSerializer]]


def _resolve(source: SerializerSource | None, view_class: type) -> type[BaseSerializer] | None:
    """A serializer class as declared: the class itself, or built for the ViewSet class (summary rows differ by resource)."""
    if source is None or (isinstance(source, type) and issubclass(source, BaseSerializer)):
        return source
    return source(view_class)


@dataclass(frozen=True)
class Analytic:
    """What an analytic action declares: its query, its answer and how that answer is named as a file."""

    response: SerializerSource
    query: SerializerSource | None = None
    filtered: bool = False
    file_name_parameters: tuple[str, ...] = ()

    def response_serializer(self, view_class: type) -> type[BaseSerializer]:
        return _resolve(self.response, view_class)

    def query_serializer(self, view_class: type) -> type[BaseSerializer] | None:
        return _resolve(self.query, view_class)


def analytic_of(view) -> Analytic | None:
    """The declaration of the action a ViewSet instance is running, if it is an analytic one."""
    return getattr(getattr(view, getattr(view, "action", None) or "", None), "analytic", None)


def query_parameters(view) -> set[str]:
    """Query parameters the current analytic action reads besides the list filters."""
    declared = analytic_of(view)
    query_class = declared.query_serializer(type(view)) if declared is not None else None
    return set(query_class().fields) if query_class is not None else set()
