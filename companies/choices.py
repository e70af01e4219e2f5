"""Companies chosen in a form: the autocomplete's JSON view and its field.

Hundreds of companies (tens of thousands at a region's scale) are no `<select>`: the field is
`core.autocomplete`'s, answered from every company the user may see (`visible_to`).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse_lazy

from accounts import guards
from companies.models import Company
from core.autocomplete import AutocompleteField, choices_response

COMPANY_SEARCH = ("name", "cvr")


def company_label(company: Company) -> str:
    """How a company reads in an autocomplete: its name and CVR number."""
    return f"{company.name} ({company.cvr})"


@guards.permission_required("companies.view_company")
def company_choices(request: HttpRequest) -> JsonResponse:
    """The companies matching `?q=` (name or CVR number), for an autocomplete."""
    companies = Company.objects.visible_to(request.user).order_by("name", "pk")
    return choices_response(request, companies, search_fields=COMPANY_SEARCH, label=company_label)


class CompanyField(AutocompleteField):
    """A company among many, chosen by an autocomplete."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            url=reverse_lazy("companies:company_choices"), search_fields=COMPANY_SEARCH, **kwargs
        )

    def label_from_instance(self, obj: Any) -> str:
        return company_label(obj)
