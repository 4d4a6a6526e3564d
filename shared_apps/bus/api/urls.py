from django.urls import path

from .views import CatalogView, IngestView

app_name = "api-bus"

urlpatterns = [
    path("catalog/", CatalogView.as_view(), name="catalog"),
    path("ingest/", IngestView.as_view(), name="ingest"),
]
