"""URLs of the in-app inbox, included under /notifications/ in the "cases" namespace."""

from django.urls import path

from cases.notifications import views

# No app_name: these names live in the including "cases" namespace, all prefixed "notification_".
urlpatterns = [
    path("", views.inbox, name="notification_inbox"),
    path("<id:item_id>/", views.inbox_item_open, name="notification_open"),
    path("read/", views.inbox_mark_all_read, name="notification_read_all"),
]
