"""Export URLs, under the dashboards' prefix and the "cases" namespace."""

from django.urls import path

from cases.exports import views

urlpatterns = [
    path("", views.exports, name="exports"),
    path("cases.<str:fmt>", views.case_list_export, name="export_case_list"),
    path("htcds.<str:fmt>", views.htcds_export, name="export_htcds"),
    path("releases/", views.release_create, name="release_create"),
    path("releases/<id:number>.csv", views.release_download, name="release_download"),
]
