"""Every writing URL of the application's pages, walked: a user allowed to act posts valid
data, the object changes, and every historical record written names that user."""

from __future__ import annotations

import pytest

from tests.audit_walk.harness import walk
from tests.audit_walk.scenarios import PAGES
from tests.audit_walk.writing_urls import UNWALKED, writing_url_names
from tests.matrix.base import World


@pytest.mark.parametrize("name", sorted(PAGES.scenarios))
def test_the_page_write_names_its_author(name: str, world: World, db: None) -> None:
    walk(PAGES.scenarios[name], world)


def test_every_writing_url_is_walked_or_says_why_not() -> None:
    walked = {url for found in PAGES.scenarios.values() for url in found.posts}
    neither = [name for name in writing_url_names() if name not in walked | set(UNWALKED)]
    assert neither == [], "writing URLs neither walked nor listed in UNWALKED"


def test_the_list_of_unwalked_urls_holds_only_writing_urls_no_scenario_walks() -> None:
    walked = {url for found in PAGES.scenarios.values() for url in found.posts}
    assert set(UNWALKED) <= set(writing_url_names())
    assert walked <= set(writing_url_names())
    assert set(UNWALKED).isdisjoint(walked)


def test_a_view_that_refuses_post_is_not_a_writing_url() -> None:
    assert "grants:case_preview" not in writing_url_names()  # require_safe
    assert "grants:decision_history" not in writing_url_names()  # require_GET
    assert "grants:case_list" not in writing_url_names()  # a ListView has no post
    assert "jobs:retry" in writing_url_names()  # require_POST
