from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("persons/<id:person_id>/interview/<slug:step>/", views.interview_step, name="interview_step"),
    path("persons/<id:person_id>/narrative/open/", views.narrative_open, name="narrative_open"),
]
