from rest_framework.routers import SimpleRouter

from .views import NoticeViewSet, ReceivedNoticeViewSet

router = SimpleRouter()
router.register("notices", NoticeViewSet, basename="notice")
router.register("received", ReceivedNoticeViewSet, basename="received")

urlpatterns = router.urls
