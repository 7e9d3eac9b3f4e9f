"""An account whose password a superior reset must choose its own before anything else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from .rules import open_during_forced_change


class ForcedPasswordChangeMiddleware:
    """Pages redirect to the password change; session API calls answer 403
    `password_change_required`. (Bearer-token calls are held in auth.BearerTokenAuth.) Sits after
    AuthenticationMiddleware; costs nothing for anyone else (the flag is on the user row already
    loaded)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        if "HTTP_AUTHORIZATION" in request.META and request.path.startswith("/api/"):
            # Bearer calls (the player's heartbeats among them): not a session's; see auth.py.
            return self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and getattr(user, "must_change_password", False)
                and not open_during_forced_change(request.path)):
            if request.path.startswith("/api/"):
                return JsonResponse(password_change_required(), status=403)
            return redirect("accounts:password_change")
        return self.get_response(request)


def password_change_required() -> dict:
    from .services import PasswordChangeRequired

    return PasswordChangeRequired().as_dict()
