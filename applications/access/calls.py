"""Permissions of the calls part."""
