"""URL wiring: each app owns its own URLs."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.forms import SignInForm
from config import converters

converters.register()  # `<id:...>` in every app's URLs: a record id that fits a database column

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            redirect_authenticated_user=True,
            authentication_form=SignInForm,
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Second factor (accounts/two-factor/...), and admin/login/ sent to the sign-in above.
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("intake/", include("intake.urls")),
    path("reports/", include("reporting.urls")),
    path("imports/", include("exchange.urls")),
    path("texts/", include("survivor_texts.urls")),
    path("referrals/", include("referrals.urls")),
    path("desk/", include("offline_desk.urls")),
    path("", include("cases.urls")),
]
