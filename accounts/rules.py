"""The administrators' part of the permission table, and the rule for everything unnamed.

Each app names its own permissions in its `rules.py` (loaded by
`rules.apps.AutodiscoverRulesConfig`); `administrator_holds_the_rest` runs once they all are.
"""

from __future__ import annotations

import rules
from django.apps import apps

from accounts.predicates import is_administrator

# The admin site (users, roles, memberships, reference data) is the administrators'.
rules.add_perm("grants.use_admin", is_administrator)


def administrator_holds_the_rest() -> None:
    """Every other model permission (the admin's pages) belongs to administrators only.

    So do the apps' module permissions, which the admin asks to list an app's models.
    """
    for config in apps.get_app_configs():
        if not rules.perm_exists(config.label):
            rules.add_perm(config.label, is_administrator)
    for model in apps.get_models():
        opts = model._meta
        for action in opts.default_permissions:
            name = f"{opts.app_label}.{action}_{opts.model_name}"
            if not rules.perm_exists(name):
                rules.add_perm(name, is_administrator)
