"""The indicator form draws its measurement as radio buttons, and its errors in the summary."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse


def test_the_measurement_is_a_radio_group_with_a_legend(client_of: Client) -> None:
    page = client_of.get(reverse("grants:indicator_create")).content.decode()
    group = re.search(r"<fieldset[^>]*>\s*<legend[^>]*>Måles.*?</fieldset>", page, re.S)
    assert group is not None, "no fieldset with the measurement's legend"
    radios = re.findall(r'<input type="radio" class="form-radio" name="measurement"', group[0])
    assert len(radios) == 2
    assert 'name="measurement" class="form-input"' not in page
    assert "---------" not in page


def test_a_bad_indicator_gets_a_summary_linking_to_its_fields(client_of: Client) -> None:
    response = client_of.post(reverse("grants:indicator_create"), {"measurement": "computed"})
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r"<title>Fejl: ", page)
    assert 'data-module="error-summary"' in page
    assert '<a href="#id_code">' in page
    assert '<a href="#id_measure">' in page
