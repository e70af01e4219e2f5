"""The applications room's forms, one module per part."""
