from rest_framework.routers import DefaultRouter

from investments.api import views

app_name = "investments-api"

router = DefaultRouter()
router.include_root_view = False
router.register("zones", views.IndustrialZoneViewSet, basename="zone")
router.register("programmes", views.InvestmentProgrammeViewSet, basename="programme")
router.register("projects", views.InvestmentProjectViewSet, basename="project")
router.register("minerals", views.MineralViewSet, basename="mineral")
router.register("deposits", views.GeologicalDepositViewSet, basename="deposit")

urlpatterns = router.urls
