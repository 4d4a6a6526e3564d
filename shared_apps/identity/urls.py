from django.urls import path

from . import views

app_name = "identity"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("congresses/", views.congresses, name="congresses"),
    path("switch/<int:congress_id>/", views.switch, name="switch"),
    path("sso/", views.sso_landing, name="sso"),
    path("otp/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/setup/qr.svg", views.otp_qr, name="otp_qr"),
    path("members/", views.members, name="members"),
]
