"""Permissions of the letters part."""
