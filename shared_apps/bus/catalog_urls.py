"""The event catalog page, served on every site (documentation, no data)."""

from django.urls import path

from . import views

app_name = "bus-catalog"

urlpatterns = [path("", views.catalog_page, name="page")]
