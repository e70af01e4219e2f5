"""Permissions of the assessment part."""
