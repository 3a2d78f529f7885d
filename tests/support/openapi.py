"""The generated OpenAPI document, made once per test process: the schema fixture (tests/conftest.py) and the
modules that build tests from it at collection (the fuzzing and hostile-input modules) share it. Read, never changed."""

import json
from functools import cache


@cache
def openapi() -> dict:
    """The document as a client reads it (JSON), generated in-process: no request, no database."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
