"""Pages of every list: a page size within bounds, and a page number that never fails.

django-tables2 reads `?per_page=` and `?page=` from the request itself and hands them to the
paginator: a negative size ended the request with a server error, and a size without bound let
one request render every row. `BoundedPaginator` is where the size is kept within bounds, for
tables (`PagedTableMixin`) and plain lists (`PagedListMixin`) alike. A page number that is no
number shows the first page, one past the end the last page.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.paginator import Page, Paginator

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100


def bounded_per_page(per_page: object) -> int:
    """`per_page` as a page size: the default if it is no positive number, at most the maximum."""
    try:
        size = int(str(per_page))
    except ValueError:
        return DEFAULT_PER_PAGE
    if size < 1:
        return DEFAULT_PER_PAGE
    return min(size, MAX_PER_PAGE)


class BoundedPaginator(Paginator):  # type: ignore[type-arg]  # generic in the stubs only
    """A paginator whose page size lies between 1 and `MAX_PER_PAGE`, whatever it is given."""

    def __init__(
        self,
        object_list: Any,
        per_page: int | str,
        orphans: int = 0,
        allow_empty_first_page: bool = True,
        **kwargs: Any,
    ) -> None:
        size = bounded_per_page(per_page)
        super().__init__(
            object_list, size, min(orphans, size - 1), allow_empty_first_page, **kwargs
        )


class PagedTableMixin:
    """For a django-tables2 list view (`SingleTableMixin`): bounded pages, never an error.

    `silent` (django-tables2's own) shows the first page for a page number that is no number
    and the last for one past the end; the paginator keeps the page size within bounds.
    """

    table_pagination: ClassVar[dict[str, Any]] = {
        "per_page": DEFAULT_PER_PAGE,
        "paginator_class": BoundedPaginator,
        "silent": True,
    }


class PagedListMixin:
    """For a plain `ListView`: the same page size and the same answer to a bad page number."""

    paginate_by: int | None = DEFAULT_PER_PAGE
    paginator_class: type[Paginator[Any]] = BoundedPaginator
    page_kwarg: str
    request: Any

    def paginate_queryset(
        self, queryset: Any, page_size: int
    ) -> tuple[Paginator[Any], Page[Any], Any, bool]:
        # `?per_page=` as for tables: the paginator keeps it within bounds.
        paginator = BoundedPaginator(queryset, self.request.GET.get("per_page", page_size))
        # `get_page` is Django's forgiving lookup: first page for no number, last past the end.
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
