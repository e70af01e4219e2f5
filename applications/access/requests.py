"""Permissions of the requests part."""
