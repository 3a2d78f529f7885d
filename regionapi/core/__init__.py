"""The project's generic machinery: translated columns, search, grouping, base serializers and ViewSet mixins,
formats, errors, pagination. It imports no app; the apps import it (see docs/architecture.md)."""
