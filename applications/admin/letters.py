"""Admin pages of the letters part."""
