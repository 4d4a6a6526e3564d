"""A person's pending seats: what other congresses offered them, to accept or decline.

Served on every site (the person may be anywhere); a platform operator also sees every
pending seat and may link it directly.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .models import SeatRequest


@login_required
def my_seats(request: HttpRequest) -> HttpResponse:
    operator = services.is_operator(request.user)
    return render(request, "identity/seats.html", {
        "seats": selectors.pending_seats_of(request.user),
        "operator_seats": selectors.pending_seats_for_operator() if operator else None,
    })


def _seat_for(request: HttpRequest, pk: int) -> SeatRequest:
    """The person's own pending seat, or any pending seat for an operator; 404 otherwise."""
    seats = selectors.pending_seats_for_operator() if services.is_operator(request.user) else (
        selectors.pending_seats_of(request.user)
    )
    seat = seats.filter(pk=pk).first()
    if seat is None:
        raise Http404(_("该任职邀请不存在或已处理。"))
    return seat


@require_POST
@login_required
def seat_accept(request: HttpRequest, pk: int) -> HttpResponse:
    seat = _seat_for(request, pk)
    try:
        services.accept_seat(seat, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已加入%(congress)s，角色：%(role)s。") % {
            "congress": seat.congress.name, "role": seat.get_role_display()})
    return redirect("identity:seats")


@require_POST
@login_required
def seat_decline(request: HttpRequest, pk: int) -> HttpResponse:
    seat = _seat_for(request, pk)
    try:
        services.decline_seat(seat, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已拒绝%(congress)s的任职邀请。") % {"congress": seat.congress.name})
    return redirect("identity:seats")
