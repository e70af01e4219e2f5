"""Admin pages of the calls part."""
