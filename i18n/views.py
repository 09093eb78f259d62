"""The translators' workbench, mounted at /translate/: queues per locale, the editor (source beside
target, live length counters, glossary hints, comments), review, and PO / XLIFF exchange.

Same rules as the API: not a member → 404; a role without access to translations → 403; a locale
outside a translator's assignment → 404 to look at, 403 to write to.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hub.accounts.models import Membership
from hub.accounts.roles import Area, role_can_read, role_can_write
from hub.accounts.selectors import membership_get_for_user
from hub.core.exceptions import ApplicationError
from hub.core.uploads import upload_read
from i18n import exchange, selectors, services
from i18n.access import locale_can_write, locale_read_check
from i18n.checks import counters, glossary_matches
from i18n.exceptions import ForbiddenError
from i18n.keys import unit_ref_parse
from i18n.locales import limit_data, locale_display_name
from i18n.models import ContentField, MissingTranslationPolicy, TranslationStatus
from i18n.richtext import html_render_safe

QUEUES = [
    ("missing", gettext_lazy("Missing")),
    ("outdated", gettext_lazy("Outdated")),
    ("needs_review", gettext_lazy("Needs review")),
    ("draft", gettext_lazy("Drafts")),
    ("approved", gettext_lazy("Approved")),
    ("all", gettext_lazy("All")),
]
QUEUE_NAMES = dict(QUEUES)
PAGE_SIZE = 50


def _membership(request: HttpRequest, account_pk: int) -> Membership:
    membership = membership_get_for_user(user=request.user, account_pk=account_pk)
    if not role_can_read(membership.role, Area.TRANSLATIONS):
        raise ForbiddenError(_("Your role has no access to translations."))
    request.session["account_pk"] = membership.account_id
    return membership


def _forbidden(error: ApplicationError) -> HttpResponse:
    return HttpResponseForbidden(error.message)


def _language_name(locale: str, request: HttpRequest) -> str:
    ui = "zh_Hans" if (request.LANGUAGE_CODE or "").startswith("zh") else "en"
    return locale_display_name(locale, ui)


@login_required
def workbench_current(request: HttpRequest) -> HttpResponse:
    """/translate/ opens the workbench of the account the user works in (the home page's choice)."""
    memberships = Membership.objects.filter(user=request.user).order_by("account__name")
    chosen = memberships.filter(account_id=request.session.get("account_pk")).first() or memberships.first()
    if chosen is None:
        return redirect("home")
    return redirect("i18n:workbench", account_pk=chosen.account_id)


@login_required
def workbench(request: HttpRequest, account_pk: int) -> HttpResponse:
    try:
        membership = _membership(request, account_pk)
    except ForbiddenError as error:
        return _forbidden(error)
    account = membership.account
    policy = selectors.policy_get(account=account)
    locales = []
    for locale in selectors.locales_visible(membership=membership, policy=policy):
        locales.append(
            {
                "locale": locale,
                "name": _language_name(locale, request),
                "counts": selectors.queue_counts(account=account, locale=locale),
                "chain": selectors.policy_chain(policy, locale),
                "can_write": locale_can_write(membership, locale),
            }
        )
    context = {
        "account": account,
        "membership": membership,
        "policy": policy,
        "locales": locales,
        "can_manage": role_can_write(membership.role, Area.ACCOUNT),
        "policy_choices": MissingTranslationPolicy.choices,
        "chains_text": "\n".join(f"{key}: {', '.join(value)}" for key, value in policy.fallback_chains.items()),
        "formats": exchange.FORMATS,
    }
    return render(request, "i18n/workbench.html", context)


def _parse_chains(text: str) -> dict[str, list[str]]:
    chains: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        locale, _sep, rest = line.partition(":")
        chains[locale.strip()] = [part.strip() for part in rest.split(",") if part.strip()]
    return chains


@login_required
@require_POST
def policy_save(request: HttpRequest, account_pk: int) -> HttpResponse:
    try:
        membership = _membership(request, account_pk)
    except ForbiddenError as error:
        return _forbidden(error)
    if not role_can_write(membership.role, Area.ACCOUNT):
        return HttpResponseForbidden(_("Only an owner changes the translation policy."))
    try:
        services.policy_update(
            account=membership.account,
            missing_translation=request.POST.get("missing_translation", ""),
            is_four_eyes=request.POST.get("is_four_eyes") == "on",
            target_locales=[part.strip() for part in request.POST.get("target_locales", "").split(",") if part.strip()],
            fallback_chains=_parse_chains(request.POST.get("fallback_chains", "")),
        )
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            messages.error(request, f"{field}: {' '.join(problems)}")
    else:
        messages.success(request, _("Translation policy saved."))
    return redirect("i18n:workbench", account_pk=account_pk)


@login_required
def queue(request: HttpRequest, account_pk: int, locale: str) -> HttpResponse:
    try:
        membership = _membership(request, account_pk)
    except ForbiddenError as error:
        return _forbidden(error)
    locale_read_check(membership, locale)
    name = request.GET.get("queue", "missing")
    if name not in QUEUE_NAMES:
        raise Http404
    account = membership.account
    total = selectors.queue_count(account=account, locale=locale, queue=name)
    paginator = Paginator(range(total), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    _total, units = selectors.text_unit_page(
        account=account, locale=locale, queue=name, offset=page.start_index() - 1 if total else 0, limit=PAGE_SIZE
    )
    context = {
        "account": account,
        "locale": locale,
        "locale_name": _language_name(locale, request),
        "queue": name,
        "queues": QUEUES,
        "counts": selectors.queue_counts(account=account, locale=locale),
        "units": units,
        "page": page,
        "field_labels": dict(ContentField.choices),
        "status_labels": dict(TranslationStatus.choices),
    }
    return render(request, "i18n/queue.html", context)


def _editor_url(account_pk: int, locale: str, unit: str, queue_name: str) -> str:
    url = reverse("i18n:editor", kwargs={"account_pk": account_pk, "locale": locale, "unit": unit})
    return f"{url}?{urlencode({'queue': queue_name})}"


def _editor_post(request: HttpRequest, membership: Membership, locale: str, unit: str) -> None:
    """Run the posted action (services raise ApplicationError when it cannot be done)."""
    ref = unit_ref_parse(unit)
    if ref is None:
        raise Http404
    action = request.POST.get("action", "save")
    if action in ("save", "submit"):
        result = services.translation_save(
            membership=membership,
            ref=ref,
            locale=locale,
            text=request.POST.get("text", ""),
            submit=action == "submit",
            expected_source_hash=request.POST.get("source_hash") or None,
        )
        for issue in result.issues:
            messages.warning(request, issue.message)
        messages.success(request, _("Sent for review.") if action == "submit" else _("Draft saved."))
    elif action == "approve":
        services.translation_approve(
            membership=membership, ref=ref, locale=locale, expected_source_hash=request.POST.get("source_hash") or None
        )
        messages.success(request, _("Approved."))
    elif action == "send_back":
        services.translation_send_back(
            membership=membership, ref=ref, locale=locale, comment=request.POST.get("comment", "")
        )
        messages.success(request, _("Sent back to the translator."))
    elif action == "comment":
        services.translation_comment_add(
            membership=membership, ref=ref, locale=locale, text=request.POST.get("comment", "")
        )
        messages.success(request, _("Comment added."))
    else:
        raise Http404


@login_required
def editor(request: HttpRequest, account_pk: int, locale: str, unit: str) -> HttpResponse:
    try:
        membership = _membership(request, account_pk)
    except ForbiddenError as error:
        return _forbidden(error)
    account = membership.account
    queue_name = request.GET.get("queue", "all")
    if queue_name not in QUEUE_NAMES:
        queue_name = "all"
    ref = unit_ref_parse(unit)
    if ref is None:
        raise Http404
    posted_text = None
    if request.method == "POST":
        if not locale_can_write(membership, locale):
            return HttpResponseForbidden(_("You may not edit texts in this locale."))
        try:
            _editor_post(request, membership, locale, unit)
        except ForbiddenError as error:
            return _forbidden(error)
        except ApplicationError as error:
            for message in error.fields.get("text") or [error.message]:
                messages.error(request, message)
            posted_text = request.POST.get("text")
        else:
            if request.POST.get("next_unit") and request.POST.get("action") in ("save", "submit", "approve"):
                return redirect(_editor_url(account_pk, locale, request.POST["next_unit"], queue_name))
            return redirect(_editor_url(account_pk, locale, unit, queue_name))
    locale_read_check(membership, locale)
    text_unit = selectors.text_unit_get(account=account, ref=ref, locale=locale)
    policy = selectors.policy_get(account=account)
    channels = selectors.policy_channels_for_locale(policy, locale)
    glossary = glossary_matches(
        selectors.glossary_for_locale(account=account, locale=locale), source=text_unit.source_text, locale=locale
    )
    previous_unit, next_unit = selectors.text_unit_neighbours(
        account=account, locale=locale, queue=queue_name, unit=unit
    )
    text = posted_text if posted_text is not None else text_unit.text
    is_description = text_unit.field == ContentField.DESCRIPTION
    context = {
        "account": account,
        "membership": membership,
        "locale": locale,
        "locale_name": _language_name(locale, request),
        "queue": queue_name,
        "queue_label": QUEUE_NAMES[queue_name],
        "unit": text_unit,
        "text": text,
        "field_label": dict(ContentField.choices)[text_unit.field],
        "status_label": dict(TranslationStatus.choices)[text_unit.status],
        "can_write": locale_can_write(membership, locale),
        "can_approve": bool(
            text_unit.translation_pk
            and not text_unit.is_outdated
            and text_unit.status in (TranslationStatus.DRAFT, TranslationStatus.NEEDS_REVIEW)
            and locale_can_write(membership, locale)
            and not (policy.is_four_eyes and text_unit.translated_by == request.user.email)
            and not (policy.is_four_eyes and text_unit.status == TranslationStatus.DRAFT)
        ),
        "is_four_eyes": policy.is_four_eyes,
        "initial_counters": counters(field=text_unit.field, text=text, channels=channels),
        "glossary": glossary,
        "comments": selectors.comment_list(translation_pk=text_unit.translation_pk),
        "previous_unit": previous_unit,
        "next_unit": next_unit,
        "is_description": is_description,
        "source_preview": html_render_safe(text_unit.source_text) if is_description else "",
        "target_preview": html_render_safe(text) if is_description and text else "",
        "allowed_tags": ", ".join(f"<{tag}>" for tag in limit_data()["description_tags"]),
    }
    return render(request, "i18n/editor.html", context)


@login_required
@require_POST
def import_view(request: HttpRequest, account_pk: int, locale: str) -> HttpResponse:
    try:
        membership = _membership(request, account_pk)
    except ForbiddenError as error:
        return _forbidden(error)
    if not locale_can_write(membership, locale):
        return HttpResponseForbidden(_("You may not edit texts in this locale."))
    upload = request.FILES.get("file")
    report = None
    error_rows: list[dict] = []
    error_message = ""
    if upload is None:
        error_message = _("Choose a PO or XLIFF file.")
    else:
        try:
            report = exchange.import_file(
                membership=membership,
                locale=locale,
                data=upload_read(upload, settings.UPLOAD_MAX_BYTES),
                submit=request.POST.get("submit") == "on",
            )
        except ApplicationError as error:
            error_message = error.message
            error_rows = error.extra.get("rows", [])
    context = {
        "account": membership.account,
        "locale": locale,
        "locale_name": _language_name(locale, request),
        "report": report,
        "error_message": error_message,
        "error_rows": error_rows,
    }
    return render(request, "i18n/import_result.html", context, status=400 if error_message else 200)
