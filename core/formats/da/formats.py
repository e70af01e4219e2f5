"""Rummelig's Danish date formats, the one place every page, PDF and job reads them from.

Prose writes a date out ("7. december 2026", `DATE_FORMAT`, the `date` filter's default); tables
and compact lists write it short ("07.12.2026", `SHORT_DATE_FORMAT`). XLSX cells are real dates
with the short format (`core.xlsx.DATE`); CSV files for machines keep ISO 8601. What Django's
own Danish formats already say is repeated here, so that this file alone tells the rule.
"""

DATE_FORMAT = "j. F Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "j. F Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. F"
TIME_FORMAT = "H:i"
