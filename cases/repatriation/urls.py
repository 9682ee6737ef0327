"""URLs of the repatriation screens, included under /repatriation/ in the "cases" namespace."""

from django.urls import path

from cases.repatriation import views

# No app_name: these names live in the including "cases" namespace, all prefixed "repatriation_".
urlpatterns = [
    path("", views.queue, name="repatriation_queue"),
    path("bulk/", views.bulk, name="repatriation_bulk"),
    path("history/", views.embassy_history, name="repatriation_history"),
    path("cases/<id:case_id>/", views.case_detail, name="repatriation_case"),
    path("cases/<id:case_id>/step/", views.case_transition, name="repatriation_transition"),
]
