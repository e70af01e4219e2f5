"""Expenditure lines imported from an accounting export (XLSX), all or nothing."""
