"""Who may do what with calls, requests, assessments and letters: one module per part."""

from applications.access import assessment, calls, letters, requests

__all__ = ["assessment", "calls", "letters", "requests"]
