"""The server side of the offline desk: the sealing key, devices, sync, arrivals to resolve."""

urlpatterns: list = []
