"""The applications room's django-rules permissions, one module per part (see `rules`)."""
