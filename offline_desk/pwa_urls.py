"""The installable desk's own addresses: manifest, service worker, the offline desk page."""

urlpatterns: list = []
