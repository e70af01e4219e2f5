"""Rummelig's English date formats: the Danish rule in English words ("7 December 2026").

Short dates stay "07.12.2026" as in Danish, so a table reads the same in both languages and
no one reads 07/12 as July.
"""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
