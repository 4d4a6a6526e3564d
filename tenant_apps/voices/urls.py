from django.urls import path

from .views import public, reports, setup, staff

app_name = "voices"

urlpatterns = [
    # Public, no account: the QR code of a station points at write/<public token>/.
    path("write/", public.write, name="write"),
    path("write/<str:token>/", public.write, name="write_station"),
    path("submitted/", public.submitted, name="submitted"),
    path("consent/", public.consent, name="consent"),
    path("captcha/<str:key>.png", public.captcha_image, name="captcha"),
    path("track/", public.track, name="track"),
    path("track/<str:code>/", public.track_detail, name="track_detail"),
    # Console.
    path("manage/", staff.manage, name="manage"),
    path("manage/export.xlsx", staff.export_list, name="export"),
    path("manage/<int:pk>/", staff.detail, name="detail"),
    path("manage/<int:pk>/<str:action>/", staff.act, name="act"),
    path("inbox/", staff.inbox, name="inbox"),
    path("handling/", staff.handling, name="handling"),
    path("stats/", reports.stats_page, name="stats"),
    path("stats/<str:table>.xlsx", reports.stats_export, name="stats_export"),
    path("settings/", setup.settings_page, name="settings"),
    path("settings/categories/", setup.save_category, name="category_create"),
    path("settings/categories/<int:pk>/", setup.save_category, name="category_edit"),
    path("settings/calendar/", setup.save_day, name="calendar_day"),
    path("settings/options/", setup.save_options, name="options"),
    path("settings/keys/", setup.create_api_key, name="key_create"),
    path("settings/keys/<int:pk>/revoke/", setup.revoke_api_key, name="key_revoke"),
]
