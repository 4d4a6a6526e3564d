"""Console pages: the staff list, a deputy's inbox, a handler's assigned items, one message and
its actions. Which actions show depends on the role; the services enforce the state machine."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.identity.access import capability_required
from shared_apps.identity.models import OrganisationUnit
from shared_apps.privacy.masking import mask_name, mask_phone
from tenant_apps.deputies.models import Deputy

from .. import exports, policy, selectors, services, states
from ..forms import CommonProblemForm, ReasonForm, ReplyForm, TextForm
from ..models import ActorKind, AssignmentRole, Voice
from ..states import Status

PAGE = 200


def _list(request: HttpRequest, qs, title: str, template: str = "voices/staff/list.html") -> HttpResponse:
    qs = selectors.filter_list(qs, request.GET)
    context = {
        "voices": qs[:PAGE],
        "title": title,
        "statuses": Status.choices,
        "categories": selectors.categories(),
        "params": request.GET,
        "total": qs.count(),
    }
    return render(request, template, context)


@capability_required("voices.view_all")
def manage(request: HttpRequest) -> HttpResponse:
    return _list(request, selectors.all_voices(), _("群众留言"))


@capability_required("voices.view_all")
def export_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.filter_list(selectors.all_voices(), request.GET)
    return exports.voices_workbook(qs)


@capability_required("voices.respond")
def inbox(request: HttpRequest) -> HttpResponse:
    notes = list(selectors.inbox(request.user)[:30])
    selectors.mark_read(request.user, [n.pk for n in notes if n.read_at is None])
    qs = selectors.filter_list(selectors.deputy_voices(request.user), request.GET)
    return render(
        request,
        "voices/staff/list.html",
        {
            "voices": qs[:PAGE],
            "title": _("我的留言"),
            "notifications": notes,
            "statuses": Status.choices,
            "categories": selectors.categories(),
            "params": request.GET,
            "total": qs.count(),
        },
    )


@capability_required("voices.handle")
def handling(request: HttpRequest) -> HttpResponse:
    notes = list(selectors.inbox(request.user)[:30])
    selectors.mark_read(request.user, [n.pk for n in notes if n.read_at is None])
    qs = selectors.filter_list(selectors.unit_voices(request.user), request.GET)
    return render(
        request,
        "voices/staff/list.html",
        {
            "voices": qs[:PAGE],
            "title": _("交办件"),
            "notifications": notes,
            "statuses": Status.choices,
            "categories": selectors.categories(),
            "params": request.GET,
            "total": qs.count(),
        },
    )


def _visible(request: HttpRequest, pk: int) -> Voice:
    if not request.user.is_authenticated:
        raise PermissionDenied
    voice = policy.visible_to(request.user).filter(pk=pk).first()
    if voice is None:
        raise Http404
    return voice


def _roles(request: HttpRequest, voice: Voice) -> policy.Roles:
    return policy.roles(request.user, voice)


@capability_required("console.access")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    voice = _visible(request, pk)
    roles = _roles(request, voice)
    lead_units = [a.unit_id for a in voice.assignments.filter(is_active=True, role=AssignmentRole.LEAD)]
    context = {
        "voice": voice,
        "roles": roles,
        "masked_phone": mask_phone(voice.phone),
        "masked_name": mask_name(voice.name),
        "timeline": voice.timeline.all(),
        "replies": voice.replies.select_related("unit"),
        "notes": voice.notes.all(),
        "photos": voice.photos.all(),
        "feedback": voice.feedback.all(),
        "assignments": voice.assignments.filter(is_active=True).select_related("unit"),
        "org_units": OrganisationUnit.objects.filter(congress_id=request.tenant.pk, is_active=True),
        "deputies": Deputy.objects.in_office().order_by("name"),
        "allowed": {a: states.allowed(a, voice.status) for a in states.TRANSITIONS},
        "is_lead": any(u.pk in lead_units for u in roles["units"]),
        "reply_form": ReplyForm(),
        "text_form": TextForm(),
        "reason_form": ReasonForm(),
        "common_form": CommonProblemForm(can_escalate=selectors.escalation_target(request.tenant) is not None),
    }
    return render(request, "voices/staff/detail.html", context)


def _units(request: HttpRequest) -> tuple[OrganisationUnit, list[OrganisationUnit]]:
    units = OrganisationUnit.objects.filter(congress_id=request.tenant.pk, is_active=True)
    lead = units.filter(pk=request.POST.get("lead_unit") or 0).first()
    if lead is None:
        raise ValidationError({"lead_unit": [_("请选择主办单位。")]})
    co = list(units.filter(pk__in=[int(x) for x in request.POST.getlist("co_units") if x.isdigit()]))
    return lead, co


@require_POST
@capability_required("console.access")
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    voice = _visible(request, pk)
    roles = _roles(request, voice)
    user, post = request.user, request.POST
    actor = ActorKind.STAFF if roles["staff"] else ActorKind.DEPUTY if roles["deputy"] else ActorKind.HANDLER
    if not policy.can(user, voice, action):
        raise PermissionDenied(_("您不能对这条留言执行此操作。"))
    try:
        if action == "accept":
            services.accept(voice, user=user)
        elif action == "answer":
            services.answer(voice, user=user, text=post.get("text", ""))
        elif action == "assign":
            lead, co = _units(request)
            services.assign(
                voice,
                user=user,
                lead_unit=lead,
                co_units=co,
                note=post.get("note", ""),
                actor_kind=ActorKind.DEPUTY if roles["deputy"] else ActorKind.STAFF,
            )
        elif action == "return":
            services.return_misrouted(voice, user=user, reason=post.get("reason", ""))
        elif action == "common":
            services.mark_common_problem(voice, user=user, kind=post.get("kind", ""), summary=post.get("summary", ""))
        elif action == "reply":
            unit = next((u for u in roles["units"] if str(u.pk) == post.get("unit")), roles["units"][0])
            services.reply(voice, user=user, unit=unit, grade=post.get("grade", ""), text=post.get("text", ""))
        elif action == "note":
            services.add_note(voice, user=user, text=post.get("text", ""), actor_kind=actor)
        elif action == "reroute":
            ids = [int(x) for x in post.getlist("deputies") if x.isdigit()]
            services.reroute(
                voice,
                user=user,
                deputies=list(Deputy.objects.in_office().filter(pk__in=ids)),
                note=post.get("note", ""),
            )
        elif action == "merge":
            into = get_object_or_404(Voice, tracking_code=post.get("into", "").strip().upper())
            services.merge(voice, into=into, user=user)
        elif action == "close":
            services.close(voice, user=user, reason=post.get("reason", ""))
        else:
            raise PermissionDenied(_("您不能对这条留言执行此操作。"))
    except states.IllegalTransition as exc:
        messages.error(request, " ".join(exc.messages))
        return render_error(request, voice, status=409)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return render_error(request, voice, status=400)
    messages.success(request, _("已完成：%(action)s") % {"action": states.action_label(_label(action))})
    return redirect("voices:detail", pk=voice.pk)


def _label(action: str) -> str:
    return {"return": "return_misrouted", "common": "convert_to_suggestion"}.get(action, action)


def render_error(request: HttpRequest, voice: Voice, status: int) -> HttpResponse:
    response = detail(request, voice.pk)
    response.status_code = status
    return response
