"""The HTCDS import's screens: upload, dry run, confirm or cancel. Thin: the rules are in services.

Only the roles cases.access lets import reach these pages (404 for anyone else), and only the
uploader sees their upload (exchange.selectors). Every dry run shown and every import applied is
written to the access log, with counts and never a value of the file.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from cases.access import organisation_importing, permission_required_or_404
from cases.access_log.services import access_record
from cases.models import AccessLog
from exchange import services
from exchange.dry_run import FilePlan
from exchange.forms import ConfirmForm, UploadForm
from exchange.htcds_files import MAX_BYTES, Problem, file_read, limits_text
from exchange.htcds_readers import GROUPS, READERS
from exchange.models import UPLOAD_LIFETIME, HtcdsUpload
from exchange.selectors import upload_get_for_user

ROWS_PER_PAGE = 100
PROBLEMS_SHOWN = 500  # every error is counted; a file with more is better fixed at its source


@require_http_methods(["GET", "POST"])
@permission_required_or_404("exchange.import_htcds")
def upload_create(request: HttpRequest) -> HttpResponse:
    """Take an HTCDS file and show its dry run, or say why it cannot be read (nothing kept)."""
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[Problem] = []
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if uploaded.size > MAX_BYTES:  # refused before a byte of it is read
            problems = [
                Problem(
                    _("The file is larger than allowed (%(limits)s). Split it and upload each part.")
                    % {"limits": limits_text()}
                )
            ]
        else:
            raw = file_read(uploaded.read(MAX_BYTES + 1), name=uploaded.name or "")
            if raw.readable:
                upload = services.upload_store(raw=raw, uploaded_by=request.user, size=uploaded.size)
                return redirect("exchange:upload_detail", upload_id=upload.pk)
            problems = raw.problems
        access_record(
            request=request,
            action=AccessLog.Action.IMPORT,
            detail={"import": "htcds", "stage": "refused", "problems": len(problems)},
        )
    context = {
        "form": form,
        "problems": problems,
        "fields": list(READERS),
        "groups": list(GROUPS),
        "required": [name for name, reader in READERS.items() if reader.required],
        "lifetime_hours": int(UPLOAD_LIFETIME.total_seconds() // 3600),
        "organisation": organisation_importing(request.user),
    }
    return render(request, "exchange/upload_create.html", context, status=400 if problems else 200)


def _dry_run_page(
    request: HttpRequest,
    upload: HtcdsUpload,
    *,
    plan: FilePlan,
    form: ConfirmForm | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    problems = plan.every_problem
    matched = plan.matched
    form = form or ConfirmForm(
        initial={"digest": upload.digest}, matched_rows=[row.number for row in matched]
    )
    page = Paginator(plan.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "upload": upload,
        "plan": plan,
        "page": page,
        "problems": problems[:PROBLEMS_SHOWN],
        "problem_count": len(problems),
        "problems_capped": len(problems) > PROBLEMS_SHOWN,
        "matched": matched,
        "to_create": plan.row_count - len(matched),
        "form": form,
        "refused": refused,
        "organisation": upload.organisation,
    }
    return render(request, "exchange/upload_detail.html", context, status=status)


@require_http_methods(["GET"])
@permission_required_or_404("exchange.import_htcds")
def upload_detail(request: HttpRequest, upload_id: int) -> HttpResponse:
    """Show the dry run: per row what would be created, its likely matches, every error."""
    upload = upload_get_for_user(user=request.user, upload_id=upload_id)
    plan = services.upload_plan(upload=upload, user=request.user)
    access_record(
        request=request,
        action=AccessLog.Action.IMPORT,
        detail={
            "import": "htcds",
            "stage": "dry_run",
            "upload": upload.pk,
            "rows": plan.row_count,
            "errors": len(plan.every_problem),
            "matches": len(plan.matched),
            "elsewhere": sum(len(row.matches.elsewhere) for row in plan.rows),
        },
    )
    return _dry_run_page(request, upload, plan=plan)


@require_POST
@permission_required_or_404("exchange.import_htcds")
def upload_confirm(request: HttpRequest, upload_id: int) -> HttpResponse:
    """Import every row the dry run showed, all or nothing, then open the case list."""
    upload = upload_get_for_user(user=request.user, upload_id=upload_id)
    plan = services.upload_plan(upload=upload, user=request.user)
    form = ConfirmForm(request.POST, matched_rows=[row.number for row in plan.matched])
    if not form.is_valid():
        return _dry_run_page(
            request,
            upload,
            plan=plan,
            form=form,
            refused=_("Check the rows ticked and confirm again."),
            status=400,
        )
    try:
        result = services.upload_apply(
            upload=upload,
            applied_by=request.user,
            digest=form.cleaned_data["digest"],
            create_anyway=set(form.cleaned_data["create_anyway"]),
        )
    except services.ImportRefused as refusal:
        return _dry_run_page(request, upload, plan=plan, form=form, refused=str(refusal), status=400)
    except (ValidationError, DatabaseError):
        # The transaction was rolled back: nothing of the file was written.
        message = _(
            "The import failed and nothing was written. The file's records could not be saved as "
            "they are; check them and upload the file again."
        )
        return _dry_run_page(request, upload, plan=plan, form=form, refused=message, status=400)
    access_record(
        request=request,
        action=AccessLog.Action.IMPORT,
        detail={
            "import": "htcds",
            "stage": "applied",
            "upload": upload_id,
            "created": result.created,
            "skipped": result.skipped,
        },
    )
    created = ngettext("%(count)s case created", "%(count)s cases created", result.created) % {
        "count": result.created
    }
    skipped = ngettext("%(count)s match skipped", "%(count)s matches skipped", result.skipped) % {
        "count": result.skipped
    }
    messages.success(
        request, _("Imported: %(created)s, %(skipped)s.") % {"created": created, "skipped": skipped}
    )
    return redirect("cases:case_list")


@require_POST
@permission_required_or_404("exchange.import_htcds")
def upload_cancel(request: HttpRequest, upload_id: int) -> HttpResponse:
    """Discard the upload: nothing imported, the file's content deleted."""
    upload = upload_get_for_user(user=request.user, upload_id=upload_id)
    services.upload_discard(upload=upload)
    access_record(
        request=request,
        action=AccessLog.Action.IMPORT,
        detail={"import": "htcds", "stage": "cancelled", "upload": upload_id},
    )
    messages.info(request, _("The upload was cancelled and its content deleted. Nothing was imported."))
    return redirect("exchange:upload_create")
