from django.urls import path

from . import views

app_name = "accounts-api"

urlpatterns = [
    path("users/<int:user_id>/", views.AccountView.as_view(), name="account"),
    path("users/<int:user_id>/resend-invitation/", views.ResendInvitationView.as_view(), name="resend-invitation"),
    path("users/<int:user_id>/disable/", views.DisableView.as_view(), name="disable"),
    path("users/<int:user_id>/enable/", views.EnableView.as_view(), name="enable"),
    path("users/<int:user_id>/end-sessions/", views.EndSessionsView.as_view(), name="end-sessions"),
]
