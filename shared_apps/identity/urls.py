from django.urls import path

from . import people_views, seat_views, views

app_name = "identity"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("congresses/", views.congresses, name="congresses"),
    path("switch/<int:congress_id>/", views.switch, name="switch"),
    path("sso/", views.sso_landing, name="sso"),
    path("members/", people_views.members, name="members"),
    path("members/add/", people_views.member_add, name="member_add"),
    path("members/<int:pk>/role/", people_views.member_role, name="member_role"),
    path("members/<int:pk>/remove/", people_views.member_remove, name="member_remove"),
    path("members/pending/<int:pk>/cancel/", people_views.seat_cancel, name="seat_cancel"),
    path("members/import/", people_views.members_import, name="members_import"),
    path("members/import/template.xlsx", people_views.import_template, name="import_template"),
    path("members/export.xlsx", people_views.members_export, name="members_export"),
    path("units/", people_views.units, name="units"),
    path("units/<int:pk>/rename/", people_views.unit_rename, name="unit_rename"),
    path("units/<int:pk>/retire/", people_views.unit_retire, name="unit_retire"),
    path("units/<int:pk>/restore/", people_views.unit_restore, name="unit_restore"),
    path("seats/", seat_views.my_seats, name="seats"),
    path("seats/<int:pk>/accept/", seat_views.seat_accept, name="seat_accept"),
    path("seats/<int:pk>/decline/", seat_views.seat_decline, name="seat_decline"),
    path("otp/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/setup/qr.svg", views.otp_qr, name="otp_qr"),
]
