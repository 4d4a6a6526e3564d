from django.urls import path

from . import views

app_name = "distribution"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("sent/", views.sent, name="sent"),
    path("sent/<int:pk>/", views.sent_detail, name="sent_detail"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.received_detail, name="received"),
]
