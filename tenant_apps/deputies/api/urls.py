from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("deputies", views.DeputyViewSet, basename="deputy")
router.register("terms", views.TermViewSet, basename="term")
router.register("groups", views.GroupViewSet, basename="group")
router.register("constituencies", views.ConstituencyViewSet, basename="constituency")
router.register("duty-records", views.DutyRecordViewSet, basename="duty-record")
router.register("public-deputies", views.PublicDeputyViewSet, basename="public-deputy")

urlpatterns = [
    *router.urls,
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
]
