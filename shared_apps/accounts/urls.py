from django.urls import path

from . import views

app_name = "accounts"

# Mounted under /accounts/ on the platform site and every congress site, next to identity's.
urlpatterns = [
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("activate/", views.activate, name="activate"),
    path("set-password/", views.set_password, name="set-password"),
    path("password/", views.password_change, name="password"),
    path("reset/", views.reset_request, name="reset"),
    path("reset/code/", views.reset_code, name="reset-code"),
    path("reset/link/<str:token>/", views.reset_link, name="reset-link"),
    path("manage/<int:user_id>/", views.manage, name="manage"),
    path("manage/<int:user_id>/<slug:action>/", views.manage_action, name="manage-action"),
]
