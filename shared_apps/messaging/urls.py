"""The outbox page, mounted at /console/messages/ on the platform site and on congress sites."""

from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [path("", views.outbox, name="outbox")]
