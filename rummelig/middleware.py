"""Language by the user's choice only; nothing a signed-in user is sent, and no download, is
kept in a cache."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but ignores the browser's Accept-Language header.

    Rummelig is a Danish public-sector service: it speaks Danish until the user switches
    language (a cookie set by `set_language`), whatever the browser is configured for.
    """

    def process_request(self, request: HttpRequest) -> None:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class NotStoredMiddleware:
    """Mark every download, and every response to a signed-in user, `Cache-Control: no-store,
    private`.

    Exports hold participants' references and special-category data, and budgets before
    Vækstforum decides; the pages do too: a participant's record and access log, the course
    lists, the data-subject pages, companies' contact persons, the staff's front page, and
    the signed-in user's own name on every page. A shared office machine's browser cache (its
    back button after logging out) or a proxy must not keep a copy. The rule is by who asks,
    not by which page: one rule here covers every page and download, present and future,
    where a list of "personal" addresses would miss the next one. What it costs is only the
    browser's back-forward cache on these pages; the server keeps its own caches (the budget
    tables, the menu). Static files are served before this (WhiteNoise) and stay cacheable,
    as do the login page and the other answers to anonymous visitors.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # Asked before the view runs: logging out ends the session, not what was sent in it.
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        response = self.get_response(request)
        if signed_in or response.get("Content-Disposition", "").startswith("attachment"):
            patch_cache_control(response, no_store=True, private=True)
        return response
