"""The addresses of reports, their lines and review, payments, deadlines and set-up."""

from django.urls import URLPattern, path

from spending.imports import views as imports
from spending.views import lines, payments, reports, review, setup

report_urlpatterns: list[URLPattern] = [
    # Reports and their lines: the secretariat's.
    path("reports/", reports.ReportListView.as_view(), name="report_list"),
    path("reports/new/<int:project_pk>/", reports.report_create, name="report_create"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", reports.report_update, name="report_update"),
    path("reports/<int:pk>/delete/", reports.report_delete, name="report_delete"),
    path("reports/<int:pk>/submit/", reports.report_submit, name="report_submit"),
    path("reports/<int:pk>/statement/", reports.statement_upload, name="statement_upload"),
    path(
        "reports/<int:pk>/statement/download/",
        reports.statement_download,
        name="statement_download",
    ),
    path("reports/<int:pk>/lines/new/", lines.line_create, name="line_create"),
    path("reports/<int:pk>/import/", imports.line_import, name="line_import"),
    path(
        "reports/<int:pk>/import/template/",
        imports.line_import_template,
        name="line_import_template",
    ),
    path("lines/<int:pk>/edit/", lines.line_update, name="line_update"),
    path("lines/<int:pk>/delete/", lines.line_delete, name="line_delete"),
    path("lines/<int:pk>/restore/", lines.line_restore, name="line_restore"),
    path("lines/<int:pk>/attachment/", lines.line_attachment, name="line_attachment"),
    # Review: the region's.
    path("lines/<int:pk>/review/", review.line_review, name="line_review"),
    path("reports/<int:pk>/accept/", review.report_accept, name="report_accept"),
    path("reports/<int:pk>/return/", review.report_return, name="report_return"),
    # Payments.
    path("payments/", payments.PaymentListView.as_view(), name="payment_list"),
    path("payments/new/<int:project_pk>/", payments.payment_create, name="payment_create"),
    path("payments/<int:pk>/", payments.payment_detail, name="payment_detail"),
    path("payments/<int:pk>/authorise/", payments.payment_authorise, name="payment_authorise"),
    path("payments/<int:pk>/paid/", payments.payment_mark_paid, name="payment_mark_paid"),
    path("payments/<int:pk>/withdraw/", payments.payment_withdraw, name="payment_withdraw"),
    # Set-up: deadlines per project, finance settings and cost categories per programme.
    path("deadlines/", setup.DeadlineListView.as_view(), name="deadline_list"),
    path("deadlines/new/<int:project_pk>/", setup.deadline_create, name="deadline_create"),
    path("deadlines/<int:pk>/edit/", setup.deadline_update, name="deadline_update"),
    path("deadlines/<int:pk>/delete/", setup.deadline_delete, name="deadline_delete"),
    path("deadlines/<int:pk>/restore/", setup.deadline_restore, name="deadline_restore"),
    path("finance/", setup.finance_list, name="finance_list"),
    path("finance/<int:pk>/", setup.finance_update, name="finance_update"),
    path("finance/<int:pk>/categories/", setup.category_list, name="category_list"),
    path("finance/<int:pk>/categories/new/", setup.category_create, name="category_create"),
    path("categories/<int:pk>/edit/", setup.category_update, name="category_update"),
    path("categories/<int:pk>/delete/", setup.category_delete, name="category_delete"),
    path("categories/<int:pk>/restore/", setup.category_restore, name="category_restore"),
]
