"""Platform-site pages of the bus (mounted at /console/bus/ of the public URLconf only)."""

from django.urls import path

from . import views

app_name = "bus"

urlpatterns = [
    path("", views.operations, name="operations"),
    path("failures/<int:pk>/", views.failure_detail, name="failure"),
    path("failures/<int:pk>/replay/", views.replay, name="replay"),
    path("keys/", views.keys, name="keys"),
    path("keys/<int:pk>/revoke/", views.revoke, name="revoke"),
]
