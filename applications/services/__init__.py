"""Writes of the applications room, one module per part."""
