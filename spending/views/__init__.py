"""The pages of spending reports, their review, payments and set-up, one module per family."""
