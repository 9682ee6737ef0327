from django.urls import include, path

from cases import views
from cases.access_log import views as access_log_views
from cases.arrivals import views as arrivals
from cases.casefile import views as casefile
from cases.erasure import views as erasure

app_name = "cases"

urlpatterns = [
    path("", views.home, name="home"),
    path("repatriation/", include("cases.repatriation.urls")),  # names: repatriation_*
    path("notifications/", include("cases.notifications.urls")),  # names: notification_*
    path("register/", arrivals.register, name="register"),
    path("register/batch/", arrivals.registration_context, name="registration_context"),
    path("register/batch/end/", arrivals.registration_end, name="registration_end"),
    path("cases/", casefile.case_list, name="case_list"),
    path("cases/<id:case_id>/", casefile.case_detail, name="case_detail"),
    path("cases/<id:case_id>/notes/", casefile.case_note_add, name="case_note_add"),
    path("cases/<id:case_id>/assign/", casefile.case_assign, name="case_assign"),
    path("cases/<id:case_id>/close/", casefile.case_close, name="case_close"),
    path("cases/<id:case_id>/reopen/", casefile.case_reopen, name="case_reopen"),
    path("persons/<id:person_id>/case/", casefile.case_for_person, name="case_for_person"),
    path("audit/", access_log_views.access_log, name="access_log"),
    path("erasure/", erasure.erasure_list, name="erasure_list"),
    path("erasure/<id:request_id>/", erasure.erasure_decide, name="erasure_decide"),
]
