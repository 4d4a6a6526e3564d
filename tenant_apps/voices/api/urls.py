from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from . import open311, views

router = SimpleRouter()
router.register("voices", views.VoiceViewSet, basename="voice")

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    path("categories/", views.CategoryList.as_view(), name="categories"),
    path("submissions/", views.SubmissionCreate.as_view(), name="submit"),
    path("track/", views.Track.as_view(), name="track"),
    path("track/rate/", views.Rate.as_view(), name="rate"),
    path("stats/", views.Stats.as_view(), name="stats"),
    re_path(r"^open311/v2/services" + FMT, open311.Services.as_view(), name="open311-services"),
    re_path(
        r"^open311/v2/services/(?P<service_code>[a-z0-9_-]+)" + FMT,
        open311.ServiceDefinition.as_view(),
        name="open311-service",
    ),
    re_path(r"^open311/v2/requests" + FMT, open311.Requests.as_view(), name="open311-requests"),
    re_path(
        r"^open311/v2/requests/(?P<service_request_id>\d+)" + FMT,
        open311.RequestDetail.as_view(),
        name="open311-request",
    ),
    re_path(
        r"^open311/v2/tokens/(?P<token>[0-9a-f]+)" + FMT,
        open311.TokenDetail.as_view(),
        name="open311-token",
    ),
    *router.urls,
]
