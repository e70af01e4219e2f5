"""The writes of spending: reports and their lines, review, payments, deadlines and set-up.

Each is keyword-only and atomic, validates with `full_clean` and names `by` as the author in
the audit history (`core.audit`), so every change is recorded with who, when, and the old and
new values. They raise `ValidationError` and save
nothing when refused.
"""
