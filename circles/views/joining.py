"""A learner's side of a care circle: the consent screen behind an invitation link or code,
and leaving. Views are thin: the rules are in circles.rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from coursesite import throttle

from ..forms import JoinCodeForm, JoinForm
from ..models import CircleMembership
from ..rules import JoinRefused, circle_by_code, circle_by_token, join, leave


@never_cache
@require_http_methods(["GET", "POST"])
def join_circle(request, token):
    """The consent screen: exactly what the counselor will see; joining only on confirmation."""
    try:
        circle = circle_by_token(token)
    except JoinRefused as refusal:
        context = {"problem": str(refusal)}
        return TemplateResponse(request, "circles/join_circle.html", context, status=410)
    form = JoinForm(request.POST if request.method == "POST" else None)
    context = {"circle": circle, "form": form, "problem": circle.invite_problem()}
    if request.user.is_authenticated:
        context["already"] = CircleMembership.objects.filter(circle=circle, user=request.user).exists()
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if form.is_valid():
            try:
                join(circle, request.user, share_email=form.cleaned_data["share_email"])
            except JoinRefused as refusal:
                context["problem"] = str(refusal)
                return TemplateResponse(request, "circles/join_circle.html", context, status=409)
            messages.success(
                request, gettext("You joined %(name)s's circle.") % {"name": circle.counselor.get_full_name()}
            )
            return redirect("dashboard")
    status = 410 if context["problem"] else 200
    return TemplateResponse(request, "circles/join_circle.html", context, status=status)


@require_http_methods(["GET", "POST"])
def join_by_code(request):
    """Type the short code a counselor read out; it leads to the same consent screen.

    Wrong codes are counted per client address and per session (coursesite.throttle): past the
    limit every try is refused with 429, right or wrong, so codes cannot be guessed."""
    form = JoinCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if throttle.is_blocked(request, "join_code"):
            return throttle.too_many(request)
        if form.is_valid():
            try:
                circle = circle_by_code(form.cleaned_data["code"])
            except JoinRefused as refusal:  # a replaced invitation: say so (a right code, no miss)
                form.add_error("code", str(refusal))
            else:
                if circle is not None:
                    return redirect("join_circle", token=circle.join_token)
                throttle.record_miss(request, "join_code")
                form.add_error(
                    "code",
                    gettext("We could not find a circle with that code. Check it with your counselor."),
                )
    status = 400 if form.errors else 200
    return TemplateResponse(request, "circles/join_code.html", {"form": form}, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def leave_circle(request, membership_id):
    """GET asks first (what leaving means); POST from that page leaves."""
    membership = get_object_or_404(
        CircleMembership.objects.select_related("circle__counselor"), pk=membership_id, user=request.user
    )
    if request.method == "POST":
        leave(request.user, membership.pk)
        messages.success(
            request, gettext("You left the circle. The counselor can no longer see your progress.")
        )
        return redirect("dashboard")
    return TemplateResponse(request, "circles/leave_circle.html", {"membership": membership})
