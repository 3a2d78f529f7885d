from rest_framework.routers import DefaultRouter

from education.api import views

app_name = "education-api"

router = DefaultRouter()
router.include_root_view = False
router.register("institutions", views.InstitutionViewSet, basename="institution")
router.register("training-programmes", views.TrainingProgrammeViewSet, basename="training-programme")

urlpatterns = router.urls
