"""Dashboards, exports and anonymised releases, mounted at reports/ (config/urls.py)."""

from django.urls import path

from reporting.dashboards import views as dashboards
from reporting.exports import views as exports

app_name = "reporting"

urlpatterns = [
    path("", dashboards.dashboard, name="dashboard"),
    path("exports/", exports.exports, name="exports"),
    path("exports/cases.<str:fmt>", exports.case_list_export, name="export_case_list"),
    path("exports/htcds.<str:fmt>", exports.htcds_export, name="export_htcds"),
    path("exports/releases/", exports.release_create, name="release_create"),
    path("exports/releases/<id:number>.csv", exports.release_download, name="release_download"),
]
