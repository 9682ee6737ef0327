"""The server side of the offline desk: the sealing key, devices, sync, arrivals to resolve."""

from django.urls import path

from offline_desk import resolve_views, views

urlpatterns: list = [
    path("session/", views.session, name="session"),
    path("devices/", views.devices, name="devices"),
    path("sync/", views.sync, name="sync"),
    path("resolve/", resolve_views.to_resolve, name="to_resolve"),
    path("resolve/<id:arrival_id>/register/", resolve_views.resolve_register, name="resolve_register"),
    path("resolve/<id:arrival_id>/same/<id:case_id>/", resolve_views.resolve_same, name="resolve_same"),
    path("resolve/<id:arrival_id>/discard/", resolve_views.resolve_discard, name="resolve_discard"),
]
