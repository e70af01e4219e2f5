"""The forms of spending, one module per page family."""
