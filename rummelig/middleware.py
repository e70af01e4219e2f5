"""Language by the user's choice only; downloads never cached."""

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


class DownloadsNotStoredMiddleware:
    """Mark every download `Cache-Control: no-store, private`.

    Exports hold participants' references and special-category data, and budgets before
    Vækstforum decides; a shared office machine's browser cache or a proxy must not keep a
    copy. Every download is an attachment, so one rule here covers each export, present and
    future, instead of a header set view by view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.get("Content-Disposition", "").startswith("attachment"):
            patch_cache_control(response, no_store=True, private=True)
        return response
