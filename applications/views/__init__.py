"""The applications room's views, one module per part."""
