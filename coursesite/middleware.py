"""Site-wide HTTP gates: Content-Security-Policy, Permissions-Policy, the staff second factor."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coursesite.second_factor import (
    can_use_admin,
    has_authenticator_app,
    needs_second_factor,
    session_passed_second_factor,
)


def admin_prefix():
    return reverse("wagtailadmin_home")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with two exceptions to the strict public policy:
    - under the Wagtail admin, settings.CONTENT_SECURITY_POLICY_ADMIN_REPLACE (inline scripts);
    - a page rendered as an editor's preview (Wagtail runs it through the middleware with the
      page's own path), settings.CONTENT_SECURITY_POLICY_PREVIEW_REPLACE, so the admin may
      show it in its iframe."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if getattr(request, "is_preview", False):
            exception = settings.CONTENT_SECURITY_POLICY_PREVIEW_REPLACE
        elif request.path_info.startswith(admin_prefix()):
            exception = settings.CONTENT_SECURITY_POLICY_ADMIN_REPLACE
        else:
            return parts
        parts.replace = {**exception, **(parts.replace or {})}
        return parts


class PermissionsPolicyMiddleware:
    """Tell browsers the site never uses the camera, microphone, location and the like."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class AdminAccessMiddleware:
    """Plain answers under /admin/ where Wagtail has none:
    - a signed-in person without editor access gets a 403 page (without it, Wagtail sends them to
      sign in, allauth sees they already are and sends them back to /admin/, round and round);
    - a form post missing one of its parts (e.g. a StreamField's body-count, which Wagtail reads
      without checking) is a 400, not a 500: nothing was saved."""

    MESSAGE = _(
        "You are signed in, but your account does not have access to the editor. "
        "If you should have it, ask the course team."
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and request.path_info.startswith(admin_prefix()) and not can_use_admin(user):
            return TemplateResponse(request, "403.html", {"exception": self.MESSAGE}, status=403).render()
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, MultiValueDictKeyError) and request.path_info.startswith(admin_prefix()):
            return HttpResponseBadRequest(
                gettext(
                    "Part of this form was missing, so nothing was saved. Reload the page and try again."
                ),
                content_type="text/plain; charset=utf-8",
            )
        return None


class StaffSecondFactorMiddleware:
    """When settings.STAFF_MFA_REQUIRED is on, staff reach /admin/ only after a second factor.

    No authenticator app yet: sent to set one up. An app, but this session never used it (it
    began before the app was added): asked for a code, then sent on to where they were going.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_MFA_REQUIRED
            and request.path_info.startswith(admin_prefix())
            and needs_second_factor(request.user)
        ):
            # The app first: a session that used one which has since been removed is not enough.
            if not has_authenticator_app(request.user):
                messages.warning(
                    request,
                    gettext(
                        "Staff accounts need two-step verification before using the editor. "
                        "Set up an authenticator app below, then open the editor again."
                    ),
                )
                return redirect("mfa_activate_totp")
            if not session_passed_second_factor(request):
                messages.warning(
                    request, gettext("Enter a code from your authenticator app to use the editor.")
                )
                next_query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{next_query}")
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuse, before anything reads it, a body the page could never have sent.

    Outside /admin/ no form uploads files and every form is small: a body over
    settings.PUBLIC_MAX_BODY_BYTES, or one carrying a file, is refused with 413. Under /admin/
    (documents and images) the cap is settings.ADMIN_MAX_BODY_BYTES. The proxy in front should
    refuse the same sizes first (README, "Production": client_max_body_size). It runs before
    LocaleMiddleware, so it says why in the language of the address itself (/es/...: Spanish)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        with translation.override(language):
            problem = self.problem(request)
        if problem:
            return HttpResponse(problem, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def problem(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if request.path_info.startswith(admin_prefix()):
            if length > settings.ADMIN_MAX_BODY_BYTES:
                return gettext("This upload is too large for the editor.")
            return None
        if length > settings.PUBLIC_MAX_BODY_BYTES:
            return gettext("What was sent is too large for this form.")
        # Small enough to parse in memory (nothing reaches a temporary file); a file in it is
        # refused rather than silently dropped.
        if request.method == "POST" and request.content_type == "multipart/form-data" and request.FILES:
            return gettext("This site does not accept file uploads here.")
        return None
