from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jxjy.accounts.access import learners_visible, require_role
from jxjy.accounts.models import User

from . import access

ADMINS = (User.Role.PROVINCE_ADMIN, User.Role.CITY_ADMIN)


@login_required
def bases(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *ADMINS, User.Role.BASE_ADMIN)  # type: ignore[arg-type]
    qs = access.bases_visible(request.user).prefetch_related("specialty_scope")  # type: ignore[arg-type]
    return render(request, "org/bases.html", {"bases": qs})


@login_required
def employers(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *ADMINS)  # type: ignore[arg-type]
    qs = access.employers_visible(request.user)  # type: ignore[arg-type]
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(name__icontains=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "org/employers.html", {"page": page, "q": q})


@login_required
def learners(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *ADMINS, User.Role.EMPLOYER_REVIEWER, User.Role.BASE_ADMIN)  # type: ignore[arg-type]
    qs = learners_visible(request.user).order_by("id")  # type: ignore[arg-type]
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(name__icontains=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "org/learners.html", {"page": page, "q": q})
