from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("list/<str:kind>/", views.post_list, name="list"),
    path("posts/<int:pk>/", views.post_detail, name="detail"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.edit, name="create"),
    path("manage/<int:pk>/", views.edit, name="edit"),
    path("manage/<int:pk>/<str:action>/", views.change_status, name="status"),
]
