from rest_framework.routers import SimpleRouter

from .views import PublicStationViewSet, StationViewSet

router = SimpleRouter()
router.register("stations", StationViewSet, basename="station")
router.register("public-stations", PublicStationViewSet, basename="public-station")

urlpatterns = router.urls
