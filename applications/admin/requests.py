"""Admin pages of the requests part."""
