from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/enrol/", views.two_factor_enrol, name="two_factor_enrol"),
    # One way in for everyone: the admin site's own sign-in form would bypass nothing (the
    # second factor is asked on every page), but one form means one lockout and one notice.
    path("accounts/language/", views.language_choose, name="language_choose"),
    path("admin/login/", views.admin_login, name="admin_login"),
]
