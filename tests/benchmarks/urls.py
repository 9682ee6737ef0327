"""The application's URLs, plus the case list's two reference pages (benchmark only).

- ``bench/admin/``: the Django admin changelist of cases, with the same rows (the cases the
  user may see), the same columns, filters and page size as the case list. Survivor records
  are not in the real admin; this site exists only in the benchmark's process.
- ``bench/floor/cases/``: the raw floor, the same page of rows fetched by one hand-written
  query and written out as a bare HTML table.
"""

from django.contrib import admin
from django.urls import include, path

from cases.access import staff_profile
from cases.casefile.views import PAGE_SIZE
from cases.models import Case
from tests.benchmarks import floor


class BenchAdminSite(admin.AdminSite):
    site_header = "Benchmark admin"

    def has_permission(self, request):
        return request.user.is_active


class CaseAdmin(admin.ModelAdmin):
    list_display = [
        "person",
        "nationalities",
        "arrived_on",
        "current_site",
        "repatriation_stage",
        "caseworker",
    ]
    list_display_links = ["person"]
    list_filter = ["status", "person__nationalities__country"]
    list_select_related = ["person", "current_site", "caseworker"]
    list_per_page = PAGE_SIZE
    ordering = ["-opened_at", "-id"]

    def get_queryset(self, request):
        return Case.objects.visible_to(request.user).prefetch_related("person__nationalities")

    @admin.display(description="Nationality")
    def nationalities(self, case):
        return ", ".join(str(n.country.name) for n in case.person.nationalities.all())

    @admin.display(description="Arrived")
    def arrived_on(self, case):
        return case.person.arrived_on

    def has_view_permission(self, request, obj=None):
        return staff_profile(request.user) is not None

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


bench_admin = BenchAdminSite(name="bench_admin")
bench_admin.register(Case, CaseAdmin)

urlpatterns = [
    path("bench/admin/", bench_admin.urls),
    path("bench/floor/cases/", floor.case_list),
    path("", include("config.urls")),
]
