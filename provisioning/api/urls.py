from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import BatchViewSet, CongressViewSet, JobViewSet, RolloutPlanView, ValidateSpecView

app_name = "provisioning-api"

router = SimpleRouter()
router.register("jobs", JobViewSet, basename="job")
router.register("batches", BatchViewSet, basename="batch")
router.register("congresses", CongressViewSet, basename="congress")

urlpatterns = [
    path("validate/", ValidateSpecView.as_view(), name="validate"),
    path("rollout/plan/", RolloutPlanView.as_view(), name="rollout-plan"),
    *router.urls,
]
