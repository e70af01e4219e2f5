"""The pages every visitor may read without signing in: the accessibility statement and the
privacy policy the footer links to, and the favicon at the address browsers ask for."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.utils.decorators import method_decorator
from django.views.generic import RedirectView, TemplateView

# Who answers questions about the site, named once for both pages.
CONTACT_EMAIL = "rummelig@ru.rm.dk"
DPO_EMAIL = "dpo@rm.dk"


@method_decorator(login_not_required, name="dispatch")
class PublicPage(TemplateView):
    """A page of text for everybody, signed in or not."""

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        return {
            **super().get_context_data(**kwargs),
            "contact_email": CONTACT_EMAIL,
            "dpo_email": DPO_EMAIL,
        }


class AccessibilityView(PublicPage):
    """The accessibility statement Danish public-sector sites must publish (the web
    accessibility act, lov nr. 692 af 8. juni 2018)."""

    template_name = "home/accessibility.html"


class PrivacyView(PublicPage):
    """What personal data Rummelig holds, why, on which legal basis, for how long, and the
    data subject's rights."""

    template_name = "home/privacy.html"


@method_decorator(login_not_required, name="dispatch")
class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page says: send them to the static icon."""

    permanent = True

    def get_redirect_url(self, *args: object, **kwargs: object) -> str:
        return static("img/favicon.ico")
