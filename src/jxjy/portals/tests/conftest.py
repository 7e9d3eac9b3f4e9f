"""Portal sign-in test helpers.

The sandbox identity provider is served by the app under test; the relying party reaches its
token, userinfo, discovery and JWKS endpoints through Authlib's real HTTP session, whose
transport hands each request to a Django test client (a server-to-server call, without the
browser's cookies). Signatures, PKCE and client authentication are all checked for real.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.cache import cache
from django.test import Client
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from jxjy.portals import oidc

_SKIP_HEADERS = {"content-length", "content-type", "host", "connection", "accept-encoding", "user-agent"}


class TestClientTransport(BaseAdapter):
    """A requests transport that answers from the Django app through the test client."""

    def __init__(self) -> None:
        super().__init__()
        self.client = Client()
        self.calls: list[tuple[str, str]] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        url = urlsplit(str(request.url))
        assert url.netloc == "testserver", url
        self.calls.append((str(request.method), url.path))
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _SKIP_HEADERS}
        answer = self.client.generic(str(request.method), url.path + ("?" + url.query if url.query else ""),
                                     data=body, content_type=request.headers.get("Content-Type", ""),
                                     headers=headers)
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = answer.content
        response.headers = CaseInsensitiveDict(dict(answer.items()))
        response.url = str(request.url)
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        pass


@pytest.fixture(autouse=True)
def transport(settings: Any, monkeypatch: Any) -> TestClientTransport:
    settings.JXJY_SSO_SANDBOX = True
    settings.JXJY_SSO_PROVIDERS = []
    settings.JXJY_SSO_SANDBOX_URL = ""
    settings.JXJY_PUBLIC_URL = ""
    cache.clear()
    adapter = TestClientTransport()
    original = oidc.http_session

    def session(provider: Any, **kwargs: Any) -> Any:
        http = original(provider, **kwargs)
        http.mount("http://testserver/", adapter)
        return http

    monkeypatch.setattr(oidc, "http_session", session)
    return adapter


def authorize_at_sandbox(client: Client, provider: str, *, decision: str = "approve", person: Any = None,
                         name: str = "", id_number: str = "", phone: str = "", next_url: str = "") -> Any:
    """Start → the sandbox's page → approve (or refuse) there; returns the response of the
    portal's redirect back, i.e. the callback URL (not yet followed)."""
    start = client.get(f"/sso/{provider}/start/", {"next": next_url} if next_url else {})
    assert start.status_code == 302, start.content
    authorize_url = start["Location"]
    page = client.get(authorize_url)
    assert page.status_code == 200
    params = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
    data = {**params, "decision": decision}
    if person is not None:
        data["person"] = str(person.pk)
    else:
        data.update({"person": "new", "name": name, "id_number": id_number, "phone": phone})
    back = client.post(urlsplit(authorize_url).path, data)
    assert back.status_code == 302, back.content.decode()
    return back


def sign_in_via(client: Client, provider: str, **kwargs: Any) -> Any:
    """The whole round trip; returns the callback's response."""
    back = authorize_at_sandbox(client, provider, **kwargs)
    return client.get(back["Location"])


def session_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None
