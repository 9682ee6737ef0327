"""Dashboards and exports, included under the "cases" namespace (no app_name of their own)."""

from django.urls import include, path

from cases.dashboards import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("exports/", include("cases.exports.urls")),
]
