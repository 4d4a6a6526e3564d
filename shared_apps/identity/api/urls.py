from django.urls import path
from rest_framework.routers import SimpleRouter

from .people_views import MemberViewSet, SeatRequestViewSet, UnitViewSet
from .views import MeView

app_name = "identity-api"

router = SimpleRouter()
router.register("members", MemberViewSet, basename="member")
router.register("units", UnitViewSet, basename="unit")
router.register("seats", SeatRequestViewSet, basename="seat")

urlpatterns = [path("me/", MeView.as_view(), name="me"), *router.urls]
