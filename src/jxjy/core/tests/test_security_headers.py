"""Every page answers with the security headers, and the API's answers to a signed-in caller are
never cached (they carry personal data)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Not pages: the JSON API (tested below), the admin's own, language switching, signing out.
SKIP = ("api/", "django-admin/", "i18n/", "logout/")


def _paths(patterns: Any = None, prefix: str = "") -> list[str]:
    """Every URL of the platform that takes no parameter."""
    found: list[str] = []
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = str(p.pattern)
        if "<" in route or "(?P" in route or route.startswith("^"):
            continue
        if isinstance(p, URLResolver):
            found += _paths(p.url_patterns, prefix + route)
        elif isinstance(p, URLPattern) and not (prefix + route).startswith(SKIP):
            found.append("/" + prefix + route)
    return sorted(set(found))


def _assert_headers(response: Any, where: str) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in csp.split("; ") if d}
    assert directives.get("default-src") == ["'self'"], where
    assert directives.get("script-src") == ["'self'"], where  # no 'unsafe-inline', no 'unsafe-eval'
    assert directives.get("object-src") == ["'none'"], where
    assert directives.get("frame-ancestors") == ["'self'"], where
    assert directives.get("base-uri") == ["'self'"] and directives.get("form-action", [""])[0] == "'self'", where
    assert "'unsafe-inline'" not in csp, where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Referrer-Policy") == "same-origin", where
    assert response.headers.get("X-Frame-Options") == "SAMEORIGIN", where


def test_the_walk_finds_the_pages() -> None:
    paths = _paths()
    assert {"/", "/login/", "/courses/", "/stats/", "/audit/", "/notices/"} <= set(paths)
    assert not any(p.startswith("/api/") for p in paths)


def test_every_page_carries_the_security_headers(cast: Any) -> None:
    anonymous, province = Client(), Client()
    province.force_login(cast.province_admin)
    learner = Client()
    learner.force_login(cast.learner_yanta)
    checked = 0
    for path in _paths():
        for who, client in (("anyone", anonymous), ("province", province), ("learner", learner)):
            response = client.get(path)
            if response.status_code == 405:  # a POST-only action
                continue
            _assert_headers(response, f"{who} {path} {response.status_code}")
            checked += 1
    assert checked > 100


def test_uploads_are_never_served_from_media_url(cast: Any, settings: Any, tmp_path: Any) -> None:
    # Evidence, courseware and invoices go out only through views that check access first
    # (jxjy.core.media.serve_file): no URL maps MEDIA_URL to the files, even for the province.
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "claims" / "evidence").mkdir(parents=True)
    (tmp_path / "claims" / "evidence" / "x.pdf").write_bytes(b"%PDF-1.4 personal")
    client = Client()
    client.force_login(cast.province_admin)
    response = client.get("/" + settings.MEDIA_URL.strip("/") + "/claims/evidence/x.pdf")
    assert response.status_code == 404
    assert b"personal" not in response.content


def test_signed_in_api_answers_are_not_stored(cast: Any, api: Any) -> None:
    by_token = api(cast.learner_yanta).get("me")
    assert by_token.status_code == 200
    assert by_token.headers["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in by_token.headers

    client = Client()
    client.force_login(cast.learner_yanta)
    by_session = client.get("/api/v1/me/notices")
    assert by_session.status_code == 200 and by_session.headers["Cache-Control"] == "no-store"
    refused = client.get("/api/v1/claims/999999")  # an error answer is personal too
    assert refused.headers["Cache-Control"] == "no-store"


def test_anonymous_public_api_answers_are_left_alone(api: Any) -> None:
    public = api().get("faq")
    assert public.status_code == 200
    assert "no-store" not in public.headers.get("Cache-Control", "")
