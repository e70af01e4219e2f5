"""The applications room's list pages: a table and a filter set per part."""
