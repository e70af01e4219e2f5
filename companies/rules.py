"""What each role may do with companies and their reference data (django-rules)."""

from __future__ import annotations

import rules

from accounts.predicates import knows_companies, works_with_people

rules.add_perm("companies.view_company", knows_companies)
rules.add_perm("companies.add_company", works_with_people)
# Any secretariat may correct a company and link it to their project; links to projects they
# cannot see stay as they are (`companies.services.company_save`).
rules.add_perm("companies.change_company", works_with_people)
for model in ["industry", "industryassociation", "network", "municipality", "labourmarketarea"]:
    rules.add_perm(f"companies.view_{model}", knows_companies)
