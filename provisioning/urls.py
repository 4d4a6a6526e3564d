from django.urls import path

from . import views

app_name = "provisioning"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.onboard, name="new"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/status/", views.job_status, name="job-status"),
    path("jobs/<int:pk>/retry/", views.job_retry, name="job-retry"),
    path("jobs/<int:pk>/rollback/", views.job_rollback, name="job-rollback"),
    path("bulk/", views.bulk_upload, name="bulk"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/status/", views.batch_status, name="batch-status"),
    path("congresses/", views.congresses, name="congresses"),
    path("congresses/<int:pk>/<str:action>/", views.congress_action, name="congress-action"),
]
