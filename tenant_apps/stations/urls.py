from django.urls import path

from . import views

app_name = "stations"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("s/<str:token>/", views.public_station, name="public"),
    path("s/<str:token>/qr.svg", views.qr_svg, name="qr_svg"),
    path("s/<str:token>/qr.png", views.qr_png, name="qr_png"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.edit, name="create"),
    path("manage/<int:pk>/", views.edit, name="edit"),
    path("manage/<int:pk>/poster/", views.poster, name="poster"),
]
