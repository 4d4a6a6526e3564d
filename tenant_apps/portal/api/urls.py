from rest_framework.routers import SimpleRouter

from .views import PostViewSet, PublicPostViewSet

router = SimpleRouter()
router.register("posts", PostViewSet, basename="post")
router.register("public-posts", PublicPostViewSet, basename="public-post")

urlpatterns = router.urls
