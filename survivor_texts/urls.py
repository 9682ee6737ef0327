from django.urls import path

from survivor_texts import views

app_name = "survivor_texts"

urlpatterns = [
    path("people/<id:person_id>/consent-sheet/", views.consent_sheet, name="consent_sheet"),
    path("consents/<id:consent_id>/text/", views.consent_text, name="consent_text"),
]
