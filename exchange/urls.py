"""The HTCDS import, mounted at imports/ (config/urls.py)."""

from django.urls import path

from exchange import views

app_name = "exchange"

urlpatterns = [
    path("htcds/", views.upload_create, name="upload_create"),
    path("htcds/<id:upload_id>/", views.upload_detail, name="upload_detail"),
    path("htcds/<id:upload_id>/confirm/", views.upload_confirm, name="upload_confirm"),
    path("htcds/<id:upload_id>/cancel/", views.upload_cancel, name="upload_cancel"),
]
