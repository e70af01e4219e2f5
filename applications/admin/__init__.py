"""The applications room's admin pages, one module per part."""

from applications.admin import assessment, calls, letters, requests

__all__ = ["assessment", "calls", "letters", "requests"]
