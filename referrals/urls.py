from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.incoming, name="incoming"),
    path("<id:referral_id>/", views.received, name="received"),
    path("<id:referral_id>/parts/<slug:part>/", views.received_part, name="received_part"),
    path("<id:referral_id>/accept/", views.accept, name="accept"),
    path("<id:referral_id>/decline/", views.decline, name="decline"),
    path("<id:referral_id>/done/", views.complete, name="complete"),
    path("<id:referral_id>/notes/", views.note_add, name="note_add"),
    path("<id:referral_id>/revoke/", views.revoke, name="revoke"),
    path("cases/<id:case_id>/", views.case_referrals, name="case_referrals"),
]
