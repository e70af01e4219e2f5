"""The site plus a bare logged-in view, for the benchmarks: what every request costs before
its own work (sessions, login, the middleware), without a template or a query of its own.

`scale_pages.py` uses it as the test client's URLconf; `load_test.py` serves it with gunicorn
(`bare_site:application()`), with the shipped settings otherwise unchanged.
"""

from __future__ import annotations

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rummelig.settings")
django.setup()

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

BARE_PATH = "/bench/bare/"


def bare(request: HttpRequest) -> HttpResponse:
    """A trivial page; the login it needs comes from LoginRequiredMiddleware, as for any page."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path(BARE_PATH.strip("/") + "/", bare, name="bench_bare"),
    path("", include("rummelig.urls")),
]


def application() -> WSGIHandler:
    """The WSGI application of the site with these URLs (a gunicorn application factory)."""
    settings.ROOT_URLCONF = __name__
    return get_wsgi_application()
