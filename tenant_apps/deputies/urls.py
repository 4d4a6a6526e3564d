from django.urls import path

from . import views

app_name = "deputies"

ARCHIVE = "archive/<int:pk>/<str:scope>/<int:key>/"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("people/<int:pk>/", views.public_profile, name="public_profile"),
    path("register/", views.register, name="register"),
    path("register/new/", views.create, name="create"),
    path("register/import/", views.import_register, name="import"),
    path("register/import/template.xlsx", views.import_template, name="import_template"),
    path("register/export.xlsx", views.export_excel, name="export_excel"),
    path("register/export.popolo.json", views.export_popolo, name="export_popolo"),
    path("register/<int:pk>/", views.detail, name="detail"),
    path("register/<int:pk>/edit/", views.edit, name="edit"),
    path("register/<int:pk>/leave/", views.leave, name="leave"),
    path("structure/", views.structure, name="structure"),
    path("structure/<str:kind>/", views.structure_create, name="structure_create"),
    path("duties/", views.duties, name="duties"),
    path("duties/mine/", views.my_duties, name="my_duties"),
    path("duties/new/", views.duty_create, name="duty_create"),
    path("duties/<int:pk>/", views.duty_detail, name="duty_detail"),
    path("duties/<int:pk>/edit/", views.duty_edit, name="duty_edit"),
    path("duties/<int:pk>/<str:outcome>/", views.duty_decide, name="duty_decide"),
    path("verification/", views.verification, name="verification"),
    path(ARCHIVE, views.archive, name="archive"),
    path(ARCHIVE + "print/", views.archive_print, name="archive_print"),
    path(ARCHIVE + "export.xlsx", views.archive_excel, name="archive_excel"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/<str:kind>.xlsx", views.statistics_excel, name="statistics_excel"),
]
