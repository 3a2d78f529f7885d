from django.urls import path
from rest_framework.routers import DefaultRouter

from indicators.api import views
from indicators.api.consistency import ConsistencyView

app_name = "indicators-api"

router = DefaultRouter()
router.include_root_view = False
router.register("sources", views.SourceViewSet, basename="source")
router.register("units", views.UnitViewSet, basename="unit")
router.register("regions", views.RegionViewSet, basename="region")
router.register("localities", views.LocalityViewSet, basename="locality")
router.register("sectors", views.SectorViewSet, basename="sector")
router.register("enterprise-roles", views.EnterpriseRoleViewSet, basename="enterprise-role")
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("products", views.ProductViewSet, basename="product")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("observations", views.ObservationViewSet, basename="observation")

urlpatterns = [path("checks/", ConsistencyView.as_view(), name="checks"), *router.urls]
