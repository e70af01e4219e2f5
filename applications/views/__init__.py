"""The applications room's pages, one module per part."""
