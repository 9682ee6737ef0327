"""The installable desk's own addresses: manifest, service worker, the offline desk page."""

from django.urls import path

from offline_desk import views

urlpatterns: list = [
    path("", views.desk, name="desk"),
    # At the desk's path, so that the worker's scope is the desk (no Service-Worker-Allowed needed).
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
