"""Root URLs: the admin, the API (one router per app under the version prefix) and its documentation."""

from django.contrib import admin
from django.db.transaction import non_atomic_requests
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

from config.views import ApiRootView, SchemaView, llms_txt
from education.api.urls import router as education_router
from indicators.api.urls import router as indicators_router
from indicators.api.views import DATAPACKAGE, DataPackageView
from investments.api.urls import router as investments_router
from regionapi.core import health
from regionapi.core.download import DownloadFileView, DownloadView
from regionapi.core.errors import api_not_found
from regionapi.core.feed import ChangesView

API_ROUTERS = (
    ("indicators-api", indicators_router),
    ("investments-api", investments_router),
    ("education-api", education_router),
)

# The bulk download: every resource's CSV, and the whole data as the Frictionless data package.
DOWNLOADS = {
    "routers": API_ROUTERS,
    "packages": (DATAPACKAGE,),  # also served at /api/v1/datapackage/, the same file
}

# The admin's "View site" link and the bare host both lead to the API root, which links the docs.
admin.site.site_url = "/api/v1/"

# Views that read no data run outside ATOMIC_REQUESTS's transaction, so they answer while the database is down.
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api-root", permanent=False), name="home"),
    path("admin/", admin.site.urls),
    # For load balancers: the process answers / the database (and shared cache) answer; not in the API docs.
    path("healthz", non_atomic_requests(health.healthz), name="healthz"),
    path("readyz", non_atomic_requests(health.readyz), name="readyz"),
    path("api/v1/", non_atomic_requests(ApiRootView.as_view(routers=API_ROUTERS)), name="api-root"),
    path("llms.txt", non_atomic_requests(llms_txt), {"routers": API_ROUTERS}, name="llms-txt"),
    path("api/v1/indicators/", include("indicators.api.urls", namespace="indicators-api")),
    path("api/v1/investments/", include("investments.api.urls", namespace="investments-api")),
    path("api/v1/education/", include("education.api.urls", namespace="education-api")),
    path("api/v1/datapackage/", DataPackageView.as_view(), name="api-datapackage"),
    path("api/v1/changes/", ChangesView.as_view(routers=API_ROUTERS), name="api-changes"),
    path("api/v1/download/", DownloadView.as_view(**DOWNLOADS), name="api-download"),
    path("api/v1/download/<str:name>", DownloadFileView.as_view(**DOWNLOADS), name="api-download-file"),
    path("regions/", include("pages.urls", namespace="pages")),
    # The documentation counts against no rate (regionapi/core/throttling.py), nor does the API root.
    path("api/schema/", non_atomic_requests(SchemaView.as_view()), name="api-schema"),
    path(
        "api/docs/",
        non_atomic_requests(SpectacularSwaggerView.as_view(url_name="api-schema", throttle_classes=())),
        name="api-docs",
    ),
    path(
        "api/redoc/",
        non_atomic_requests(SpectacularRedocView.as_view(url_name="api-schema", throttle_classes=())),
        name="api-redoc",
    ),
    # Anything else under /api/ is a JSON 404, never Django's HTML page.
    re_path(r"^api/", api_not_found),
]

handler400 = "regionapi.core.errors.bad_request"
handler500 = "regionapi.core.errors.server_error"
