from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .models import User


class IdNumberOrUsernameBackend(ModelBackend):
    """Signs in by username or, for learners, by national ID number (either letter case of X)."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> User | None:
        if not username or password is None:
            return None
        user = find_user(username)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing hint of existence
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def find_user(login: str) -> User | None:
    login = login.strip()
    user = User.objects.filter(username=login).first()
    if user is None and len(login) == 18:
        user = User.objects.filter(learner__id_number=login.upper()).first()
    return user
