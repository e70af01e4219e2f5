from django.urls import URLPattern

from spending.urls_overview import overview_urlpatterns
from spending.urls_reports import report_urlpatterns

app_name = "spending"

# Reports, their lines and payments (the secretariat's and the region's work), and the money
# overview read from them (per project, per decision, warnings across a programme).
urlpatterns: list[URLPattern] = [*report_urlpatterns, *overview_urlpatterns]
