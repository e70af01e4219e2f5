"""Admin pages of the assessment part."""
