"""The applications room's writes, one module per part."""
