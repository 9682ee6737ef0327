"""The access policy: who may read and change which survivor records. Every rule is here, or
registered here by the feature it concerns (the repatriation steps: cases/repatriation/permissions.py).

- Caseworkers read and change their own organisation's cases.
- Embassy liaisons read the cases of persons holding their embassy's nationality whose
  consent to share with their embassy is in force, and only the parts of the record an
  embassy needs (the person, nationalities and documents, the case).
- Coordinators count every case and read their own organisation's records.
- Administrators manage accounts, organisations and vocabularies; they read no survivor record.
  An account with the admin site (is_staff) or the superuser flag holds no other role, whatever
  its staff profile says: for this policy its only possible role is administrator.
- A receiving organisation's caseworkers read the parts of a referred record its sender chose,
  while the referral is open or done and the consent to share with service providers holds.
- Nobody reads records across organisations but a liaison (their consenting nationals) and the
  receiver of a referral (what was shared with them). Erasure
  is asked and decided inside the case's organisation, by two different people. The access log
  shows a coordinator the entries about their organisation's cases and staff; administrators
  read every organisation's entries without the reasons typed into them, to look into
  accounts; every read of the log is itself an entry.

Screens ask through Django's API: ``Case.objects.visible_to(user)`` for lists and
``user.has_perm("intake.view_person", person)`` for one record, so the intake app never
imports this module. A user without a staff profile sees no survivor record. Superusers
are not a role here: Django answers True to every ``has_perm`` of a superuser before asking
any backend, so the authentication backend below loads signed-in users as
``cases.models.PolicyUser``, whose ``has_perm`` asks this policy alone for the permissions
registered here. Administrators are staff with model permissions (the *Administrators*
group, from cases migration 0010), never superusers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

import rules
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from cases.models import (
    AccessLog,
    Case,
    ErasureRequest,
    Organisation,
    PolicyUser,
    Role,
    StaffProfile,
    case_scopes_register,
)
from intake.models import ArrivalGroup, Consent, Nationality, Person
from intake.vocabularies import ConsentScope

_PROFILE_CACHE = "_access_staff_profile"
_VISIBLE_CACHE = "_access_visible_person_ids"


def staff_profile(user) -> StaffProfile | None:
    """Return the active user's staff profile (cached on the user object), or None.

    None too for an admin-site (staff) or superuser account whose profile names another role
    than administrator: such an account holds no role at all, so it reads no survivor record
    even if its profile was changed behind the admin's back (in the database, say).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if not hasattr(user, _PROFILE_CACHE):
        profile = StaffProfile.objects.select_related("organisation").filter(user_id=user.pk).first()
        setattr(user, _PROFILE_CACHE, profile)
    profile = getattr(user, _PROFILE_CACHE)
    if profile is not None and profile.role != Role.ADMINISTRATOR and holds_admin_flags(user):
        return None
    return profile


def holds_admin_flags(user) -> bool:
    """True for an account of the admin site or a superuser: one that may hold no role but administrator."""
    return bool(user.is_staff or user.is_superuser)


def users_holding(role: str) -> QuerySet:
    """Return the active accounts that hold `role` for this policy: the query form of `role_of`."""
    from django.contrib.auth import get_user_model

    holders = get_user_model().objects.filter(is_active=True, staff_profile__role=role)
    if role != Role.ADMINISTRATOR:
        holders = holders.filter(is_staff=False, is_superuser=False)
    return holders


def staff_profile_remember(user, profile: StaffProfile | None) -> None:
    """Cache `profile` as `user`'s for this request, when a query made anyway has loaded it.

    The second-factor middleware (accounts) loads the session's device with its user's
    profile in one query, so that a page's own staff_profile() call costs none.
    """
    setattr(user, _PROFILE_CACHE, profile)


def role_of(user) -> str | None:
    """Return the user's role, or None for a user without one."""
    profile = staff_profile(user)
    return profile.role if profile else None


def _reads_organisation(profile: StaffProfile) -> int | None:
    """The organisation whose cases the profile's role reads, for the roles that read by organisation."""
    if profile.role in (Role.CASEWORKER, Role.COORDINATOR):
        return profile.organisation_id
    return None


def filter_visible_cases(cases: QuerySet[Case], user) -> QuerySet[Case]:
    """Filter `cases` to those whose records `user` may read."""
    profile = staff_profile(user)
    if profile is None:
        return cases.none()
    if (organisation_id := _reads_organisation(profile)) is not None:
        return cases.filter(organisation_id=organisation_id)
    if profile.role == Role.LIAISON and profile.served_country:
        holds_nationality = Nationality.objects.filter(
            person_id=OuterRef("person_id"), country=profile.served_country
        )
        consents_to_embassy = Consent.objects.in_force().filter(
            person_id=OuterRef("person_id"), scope=ConsentScope.SHARE_EMBASSY
        )
        return cases.filter(Exists(holds_nationality), Exists(consents_to_embassy))
    return cases.none()


def organisations_of_visible_cases(user) -> QuerySet[Organisation]:
    """The organisations of the cases `user` may read (what the case list's filters offer).

    Read from the policy, not from the cases, where the role reads one organisation's cases:
    asking the cases would read every visible case's row on each visit of the list.
    """
    profile = staff_profile(user)
    if profile is None:
        return Organisation.objects.none()
    if (organisation_id := _reads_organisation(profile)) is not None:
        return Organisation.objects.filter(pk=organisation_id)
    return Organisation.objects.filter(
        pk__in=filter_visible_cases(Case.objects.all(), user).values("organisation_id")
    )


def filter_visible_arrival_groups(groups: QuerySet[ArrivalGroup], user) -> QuerySet[ArrivalGroup]:
    """Filter crossing groups to those `user` may pick or see: the ones their organisation's
    staff created, and the ones shared with them through a case they may read."""
    profile = staff_profile(user)
    if profile is None:
        return groups.none()
    shared = filter_visible_cases(Case.objects.all(), user).filter(person__arrival_group=OuterRef("pk"))
    return groups.filter(
        Q(created_by__staff_profile__organisation_id=profile.organisation_id) | Q(Exists(shared))
    )


def filter_countable_cases(cases: QuerySet[Case], user) -> QuerySet[Case]:
    """Filter `cases` to those `user` may count in aggregates: coordinators count every case."""
    if role_of(user) == Role.COORDINATOR:
        return cases
    return filter_visible_cases(cases, user)


def _person_id_of(obj) -> int | None:
    if isinstance(obj, Person):
        return obj.pk
    if isinstance(obj, Case):
        return obj.person_id
    return getattr(obj, "person_id", None)


@rules.predicate
def record_visible(user, obj) -> bool:
    """True when `obj` (a case, a person or a part of their record) belongs to a visible case."""
    if obj is None:  # a question about the kind of record, not one record: the role decides
        return True
    person_id = _person_id_of(obj)
    if person_id is None:
        return False
    cache = user.__dict__.setdefault(_VISIBLE_CACHE, {})
    if person_id not in cache:
        cache[person_id] = filter_visible_cases(Case.objects.all(), user).filter(person_id=person_id).exists()
    return cache[person_id]


def _has_role(role: str) -> rules.Predicate:
    return rules.Predicate(lambda user: role_of(user) == role, name=f"is_{role}")


is_caseworker = _has_role(Role.CASEWORKER)
is_liaison = _has_role(Role.LIAISON)
is_coordinator = _has_role(Role.COORDINATOR)
is_administrator = _has_role(Role.ADMINISTRATOR)

# Who reads which part of a record. Liaisons read only what an embassy needs to act.
_READERS_OF = {
    "intake.person": is_caseworker | is_coordinator | is_liaison,
    "intake.nationality": is_caseworker | is_coordinator | is_liaison,
    "intake.alias": is_caseworker | is_coordinator,
    "intake.recruitment": is_caseworker | is_coordinator,
    "intake.exploitation": is_caseworker | is_coordinator,
    "intake.indicatorobservation": is_caseworker | is_coordinator,
    "intake.debt": is_caseworker | is_coordinator,
    "intake.interview": is_caseworker | is_coordinator,
    "intake.consent": is_caseworker | is_coordinator,
    "cases.case": is_caseworker | is_coordinator | is_liaison,
    "cases.caseevent": is_caseworker | is_coordinator,
}
# Parts of a record that are never deleted: consent history, interviews and case events.
_NEVER_DELETED = {"intake.person", "intake.consent", "intake.interview", "cases.case", "cases.caseevent"}

for _model, _readers in _READERS_OF.items():
    _app, _name = _model.split(".")
    rules.add_perm(f"{_app}.view_{_name}", _readers & record_visible)
    rules.add_perm(f"{_app}.add_{_name}", is_caseworker & record_visible)
    rules.add_perm(f"{_app}.change_{_name}", is_caseworker & record_visible)
    rules.add_perm(
        f"{_app}.delete_{_name}",
        rules.always_deny if _model in _NEVER_DELETED else is_caseworker & record_visible,
    )

# Screens that are not about one record.
rules.add_perm("cases.view_dashboards", is_coordinator)
rules.add_perm("cases.view_embassy_queue", is_liaison)
rules.add_perm("cases.register_arrivals", is_caseworker)
rules.add_perm("cases.list_cases", is_caseworker | is_coordinator)
rules.add_perm("cases.view_access_log", is_coordinator | is_administrator)
# The whole case file (story, exploitation, debts, timeline): never a liaison's, whose queue
# shows only what an embassy needs.
rules.add_perm("cases.view_case_file", (is_caseworker | is_coordinator) & record_visible)
# Closing a case and opening it again is the case's own organisation's work, as every change of
# it is: its caseworkers. Not a coordinator (who reads and counts), a liaison (whose embassy acts
# on the repatriation, not the case), another organisation's staff (a referral's receiver
# included: a referral is not the case), nor an administrator. Whether the case's state allows it
# (a repatriation in progress, an anonymised case) the service says, with a message.
rules.add_perm("cases.close_case", is_caseworker & record_visible)
rules.add_perm("cases.reopen_case", is_caseworker & record_visible)


class PolicyAwareModelBackend(ModelBackend):
    """Django's model permissions, except for those this policy decides.

    Without this an administrator could grant themself "can view person" in the admin and
    read survivor records; the permissions registered above are answered by the policy alone.
    """

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        if rules.perm_exists(perm):
            return False
        return super().has_perm(user_obj, perm, obj)

    def get_user(self, user_id):
        """Load the signed-in user as a PolicyUser: a superuser flag then passes no check of this policy."""
        try:
            user = PolicyUser._default_manager.get(pk=user_id)
        except PolicyUser.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


# --- Repatriation ------------------------------------------------------------------------
# Who may make which transition is registered by the repatriation package itself
# (cases/repatriation/permissions.py, from CasesConfig.ready): the policy imports no workflow.
rules.add_perm("cases.view_embassy_history", is_liaison)
rules.add_perm("cases.view_repatriation", is_caseworker | is_liaison)
# Caseworkers too: referrals between organisations are notified through the same inbox.
rules.add_perm("cases.view_notification_inbox", is_liaison | is_caseworker)


def liaisons_seeing_case(case: Case) -> QuerySet:
    """Return the active liaisons who may read `case`: the same rule as `filter_visible_cases`."""
    consents_to_embassy = Consent.objects.in_force().filter(
        person_id=case.person_id, scope=ConsentScope.SHARE_EMBASSY
    )
    return users_holding(Role.LIAISON).filter(
        Exists(consents_to_embassy),
        staff_profile__organisation__represents_country__in=Nationality.objects.filter(
            person_id=case.person_id
        ).values("country"),
    )


# --- end of repatriation -------------------------------------------------------------------


# --- Dashboards, reports and exports --------------------------------------------------------
# Coordinators see figures over every case ("cases.view_dashboards" above). A coordinator is
# the manager of one organisation: they export the case list and HTCDS records of the cases
# they may read (their own organisation's), and only persons whose consent covers the file
# (consent_scope_of_export below). Anonymised releases count every organisation's consenting
# persons, so any coordinator may publish the next one and download any published one:
# publishing chooses nothing (fixed columns, no filter) and cannot be differenced
# (reporting/exports/releases.py); every download is logged. Administrators keep the exchange
# rates in the admin but see no figure drawn from survivor records: their work is accounts
# and reference data, and a dashboard filtered down to one nationality is about people.
rules.add_perm("cases.export_cases", is_coordinator)
rules.add_perm("cases.publish_release", is_coordinator)
rules.add_perm("cases.download_release", is_coordinator)

# Which consent, in force, a person needs to be in each case-level file. The case list is the
# organisation's own record of its work, taken out of the application: "record my
# information". HTCDS records go to partners and data collaboratives, outside the
# organisation and without the person's name: "share my case, without my name, with partner
# organisations". A person without it in force is left out of the file.
EXPORT_CONSENT_SCOPES = {
    "case_list": ConsentScope.RECORD,
    "htcds": ConsentScope.SHARE_PARTNERS,
}


def consent_scope_of_export(export: str) -> str:
    """Return the consent scope a person needs, in force, to be in the case-level file `export`."""
    return EXPORT_CONSENT_SCOPES[export]


def filter_exportable_cases(cases: QuerySet[Case], user, *, export: str) -> QuerySet[Case]:
    """Filter `cases` to those `user` may put in the file `export`: visible, and consented to it."""
    consents = Consent.objects.in_force().filter(
        person_id=OuterRef("person_id"), scope=consent_scope_of_export(export)
    )
    return filter_visible_cases(cases, user).filter(Exists(consents))


# --- end of dashboards, reports and exports ------------------------------------------------


# --- Importing records from other organisations ----------------------------------------------
# An organisation's caseworkers and its coordinator (its manager) import another organisation's
# HTCDS file into their own organisation (exchange/): the cases are theirs, opened by the
# importer. Liaisons register no one; an administrator reads no survivor record, so imports none
# (and an account of the admin site holds no other role); an account without a role, nothing.
# Only the uploader sees their upload's dry run and confirms it (exchange.selectors): a colleague
# of the same organisation gets 404, as for an upload that does not exist.
rules.add_perm("exchange.import_htcds", is_caseworker | is_coordinator)


def organisation_importing(user) -> Organisation | None:
    """The organisation `user`'s imports go to: their own, for the roles that may import."""
    if not user.has_perm("exchange.import_htcds"):
        return None
    return staff_profile(user).organisation


# --- end of importing ----------------------------------------------------------------------


# --- Erasure on request and the access log -------------------------------------------------
# An erasure is asked by a caseworker or coordinator of the case's organisation, about a case
# they may read, and decided by a coordinator of that organisation who did not ask for it.
# Nobody else sees the request: not another organisation, not an administrator.


def filter_erasure_requests(requests: QuerySet[ErasureRequest], user) -> QuerySet[ErasureRequest]:
    """Filter `requests` to those of the organisation whose cases `user` reads."""
    profile = staff_profile(user)
    organisation_id = _reads_organisation(profile) if profile else None
    if organisation_id is None:
        return requests.none()
    return requests.filter(organisation_id=organisation_id)


@rules.predicate
def erasure_decidable(user, erasure) -> bool:
    """True when `erasure` is of the user's organisation and someone else asked for it."""
    if erasure is None:  # asked about the kind of record: the role decides
        return True
    profile = staff_profile(user)
    return (
        profile is not None
        and erasure.organisation_id == _reads_organisation(profile)
        and erasure.requested_by_id != user.pk
    )


rules.add_perm("cases.view_erasure_requests", is_caseworker | is_coordinator)
rules.add_perm("cases.request_erasure", (is_caseworker | is_coordinator) & record_visible)
rules.add_perm("cases.decide_erasure", is_coordinator & erasure_decidable)


def filter_access_log(entries: QuerySet[AccessLog], user) -> QuerySet[AccessLog]:
    """Filter access-log `entries` to those `user` may read.

    A coordinator reads what concerns their organisation: entries about its cases (whoever
    made them, a refused stranger included) and entries made by its staff. An administrator
    reads every organisation's entries (accounts are theirs to look into), never their reasons.
    """
    profile = staff_profile(user)
    if profile is None:
        return entries.none()
    if profile.role == Role.ADMINISTRATOR:
        return entries
    if profile.role == Role.COORDINATOR:
        own_case = Case.objects.filter(pk=OuterRef("case_id"), organisation_id=profile.organisation_id)
        return entries.filter(
            Q(Exists(own_case)) | Q(user__staff_profile__organisation_id=profile.organisation_id)
        )
    return entries.none()


def access_log_shows_reasons(user) -> bool:
    """Whether the free text people typed into log entries (why they opened a narrative) is shown."""
    return role_of(user) == Role.COORDINATOR


# --- Referrals between organisations --------------------------------------------------------
# A case's organisation asks another organisation for one service (referrals/). The sender's
# caseworkers make and revoke referrals of the cases they may read. The receiving
# organisation's caseworkers see a referral only while it is requested, accepted or done AND
# the survivor's consent to share with service providers is in force: that is asked here at
# every read, never copied at send time, so withdrawing the consent closes every receiver's
# view at once. While requested they read the case's reference and the service asked, to
# decide; once accepted (and after done) the parts of the record the sender chose, and nothing
# else. A referral declined or revoked shows the receiver nothing. The receiver's notes on a
# referral are theirs: the sender never reads them. The referral's own model stays in its app:
# these rules take its rows and querysets and read their fields by name.
REFERRAL_CONSENT_SCOPE = ConsentScope.SHARE_SERVICE_PROVIDERS
REFERRAL_STATES_RECEIVER_SEES = ("requested", "accepted", "done")
REFERRAL_STATES_PARTS_SHOWN = ("accepted", "done")
REFERRAL_OPEN_STATES = ("requested", "accepted")


def referral_consent_in_force(person_id: int) -> bool:
    """Whether the person's consent to share with service providers is in force now."""
    return Consent.objects.in_force().filter(person_id=person_id, scope=REFERRAL_CONSENT_SCOPE).exists()


def filter_incoming_referrals(referrals: QuerySet, user) -> QuerySet:
    """Filter `referrals` to those the user's organisation received and may see now (state and consent)."""
    profile = staff_profile(user)
    if profile is None or profile.role != Role.CASEWORKER:
        return referrals.none()
    consents = Consent.objects.in_force().filter(
        person_id=OuterRef("case__person_id"), scope=REFERRAL_CONSENT_SCOPE
    )
    return referrals.filter(
        Exists(consents), receiver_id=profile.organisation_id, state__in=REFERRAL_STATES_RECEIVER_SEES
    )


def filter_outgoing_referrals(referrals: QuerySet, user) -> QuerySet:
    """Filter `referrals` to those sent by the user's organisation about cases the user may read."""
    profile = staff_profile(user)
    if profile is None or profile.role != Role.CASEWORKER:
        return referrals.none()
    return referrals.filter(
        sender_id=profile.organisation_id, case__in=filter_visible_cases(Case.objects.all(), user)
    )


def cases_referred_to(user, *, any_state: bool = False) -> QuerySet[Case]:
    """The cases with a referral the user's organisation may see now, while consent holds.

    `any_state`: whatever the referral's state, for the inbox, which tells a receiver that a
    referral they saw was revoked (by its case's reference only).
    """
    profile = staff_profile(user)
    if profile is None or profile.role != Role.CASEWORKER:
        return Case.objects.none()
    consents = Consent.objects.in_force().filter(
        person_id=OuterRef("person_id"), scope=REFERRAL_CONSENT_SCOPE
    )
    referred = Q(referrals__receiver_id=profile.organisation_id)
    if not any_state:
        referred &= Q(referrals__state__in=REFERRAL_STATES_RECEIVER_SEES)
    return Case.objects.filter(referred, Exists(consents)).distinct()


def _referral_is_incoming(user, referral) -> bool:
    return filter_incoming_referrals(type(referral).objects.filter(pk=referral.pk), user).exists()


@rules.predicate
def referral_received(user, referral) -> bool:
    """True when `referral` went to the user's organisation and they may see it now."""
    return referral is None or _referral_is_incoming(user, referral)


@rules.predicate
def referral_sent(user, referral) -> bool:
    """True when `referral` is of a case the user's organisation holds and they may read."""
    if referral is None:
        return True
    profile = staff_profile(user)
    return (
        profile is not None
        and referral.sender_id == profile.organisation_id
        and record_visible(user, referral.case)
    )


def _referral_in(states: tuple[str, ...]) -> rules.Predicate:
    return rules.Predicate(
        lambda user, referral: referral is None or referral.state in states,
        name="referral_in_" + "_".join(states),
    )


@rules.predicate
def consents_to_service_providers(user, case) -> bool:
    """True when the case's person consents, now, to share with service providers."""
    return case is None or referral_consent_in_force(case.person_id)


def referral_parts_readable(user, referral) -> list[str]:
    """The parts of the record `user` may read through `referral`: the shared ones, once accepted."""
    if not user.has_perm("referrals.view_referral_parts", referral):
        return []
    return list(referral.parts)


rules.add_perm("referrals.view_incoming", is_caseworker)
rules.add_perm("referrals.make_referral", is_caseworker & record_visible & consents_to_service_providers)
rules.add_perm("referrals.view_sent_referral", is_caseworker & referral_sent)
rules.add_perm(
    "referrals.revoke_referral", is_caseworker & referral_sent & _referral_in(REFERRAL_OPEN_STATES)
)
rules.add_perm("referrals.view_received_referral", is_caseworker & referral_received)
rules.add_perm("referrals.answer_referral", is_caseworker & referral_received & _referral_in(("requested",)))
rules.add_perm("referrals.complete_referral", is_caseworker & referral_received & _referral_in(("accepted",)))
rules.add_perm(
    "referrals.view_referral_parts",
    is_caseworker & referral_received & _referral_in(REFERRAL_STATES_PARTS_SHOWN),
)
# The receiver's notes: read and written by the receiving organisation only.
rules.add_perm("referrals.note_referral", is_caseworker & referral_received)


# --- end of referrals -----------------------------------------------------------------------


# --- The offline desk ----------------------------------------------------------------------
# The surge desk without a connection (offline_desk/) is the surge desk's: the caseworkers who
# register arrivals online use it, and nobody else. What a device synced, and what waits to be
# resolved, belongs to the device's organisation: its caseworkers see it and resolve it. A
# device belongs to its organisation too, and syncs only for it. The offline desk's models stay
# in their app: these rules take its querysets and read their fields by name.
rules.add_perm("offline_desk.use_desk", is_caseworker)


def filter_desk_rows(rows: QuerySet, user) -> QuerySet:
    """Filter the offline desk's devices or synced arrivals to those of the caseworker's organisation."""
    profile = staff_profile(user)
    if profile is None or profile.role != Role.CASEWORKER:
        return rows.none()
    return rows.filter(organisation_id=profile.organisation_id)


# --- end of the offline desk ----------------------------------------------------------------


# The models' queryset asks the policy through these (Case.objects.visible_to(user), ...).
case_scopes_register(
    visible=filter_visible_cases, countable=filter_countable_cases, exportable=filter_exportable_cases
)


# --- Refusing: 404, never 403 ----------------------------------------------------------------
# A record or a screen that is not someone's is not shown to exist: whoever lacks the
# permission gets the same answer as for an id that names nothing.


def require_perm_or_404(user, perm: str, obj=None) -> None:
    """Raise Http404 unless the policy grants `user` the permission `perm` (on `obj`, if given)."""
    if not user.has_perm(perm, obj):
        raise Http404


def permission_required_or_404(perm: str) -> Callable:
    """Decorate a view: let through only users granted `perm`; everyone else gets 404."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            require_perm_or_404(request.user, perm)
            return view(request, *args, **kwargs)

        return guarded

    return decorator
