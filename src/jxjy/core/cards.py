"""The answer of a page action on one object's card (approve a claim, score a review, resolve a
complaint …), the same in every app: with htmx the card comes back re-rendered — with the outcome,
or with the error and what was posted (htmx swaps only successful answers, so an error is a 200
card too) — and without it, a flash message and a redirect to the object's page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .errors import DomainError


def card_action(request: HttpRequest, obj: Model, act: Callable[[], tuple[Model, str]], *, template: str,
                context: Callable[..., dict[str, Any]], url_name: str,
                error_context: Callable[[DomainError], dict[str, Any]] = lambda exc: {}) -> HttpResponse:
    """Runs `act` (the service call: the object as it now is, and what to tell the user) and
    answers. `context(request, obj, **extra)` builds the card's template context."""
    htmx = bool(request.headers.get("HX-Request"))
    try:
        obj, done = act()
    except DomainError as exc:
        if htmx:
            obj.refresh_from_db()
            return render(request, template, context(request, obj, error=exc.message, posted=request.POST,
                                                     **error_context(exc)))
        messages.error(request, exc.message)
        return redirect(url_name, obj.pk)
    if htmx:
        return render(request, template, context(request, obj, done=done))
    messages.success(request, done)
    return redirect(url_name, obj.pk)
