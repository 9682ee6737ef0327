"""Pages of long lists, counted up to a cap.

Counting every row a filter matches reads every one of them: at 100,000 cases the case
list's count took longer than fetching its page. Up to `cap` rows the count is exact and the
pages are numbered "3 of 12"; beyond, the list says "more than 1,000" and each page asks for
one row more than it shows, to know whether a next page exists. The count then stops at the
cap, whatever the data.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property

COUNT_CAP = 1000
LAST_PAGE = 1_000_000  # a page number beyond it is past the end of any list, without asking the database


class CappedPage(Page):
    """A page that knows whether another follows without the list's total."""

    def __init__(self, object_list, number, paginator, *, more: bool | None = None):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        if self.more is None:
            return super().has_next()
        return self.more

    @property
    def past_the_end(self) -> bool:
        """True for a page number beyond the last row of a list too long to count."""
        return not self.object_list and self.number > 1


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` + 1 rows (see the module's docstring)."""

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def count(self) -> int:
        """The number of rows, or `cap` + 1 when there are more than `cap`."""
        # Unordered: which rows are counted does not matter, and an order would sort them all first.
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        """True when the list holds more rows than were counted."""
        return self.count > self.cap

    def validate_number(self, number) -> int:
        if not self.capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def get_page(self, number) -> Page:
        """Return the page `number`, the first page for a number that is none, as Django's does."""
        if not self.capped:
            return super().get_page(number)
        try:
            return self.page(number)
        except (PageNotAnInteger, EmptyPage):
            return self.page(1)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        if not self.capped:
            return super().page(number)
        if number > LAST_PAGE:  # an offset the database would refuse as too large, or scan to no end
            return CappedPage([], number, self, more=False)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        return CappedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def _get_page(self, *args, **kwargs) -> Page:
        return CappedPage(*args, **kwargs)
