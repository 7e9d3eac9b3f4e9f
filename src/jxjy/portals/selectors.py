"""Reads of portal sign-in: the portals offered, and a user's links with their portals' labels."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from .access import identities_visible
from .models import ExternalIdentity
from .providers import active_providers


@dataclass(frozen=True)
class ProviderButton:
    name: str
    label: str
    start_url: str


def provider_buttons(request: HttpRequest, next_url: str = "") -> list[ProviderButton]:
    from urllib.parse import urlencode

    suffix = "?" + urlencode({"next": next_url}) if next_url else ""
    return [ProviderButton(name=p.name, label=str(p.label),
                           start_url=reverse("portals:start", args=[p.name]) + suffix)
            for p in active_providers(request)]


@dataclass(frozen=True)
class LinkRow:
    identity: ExternalIdentity
    label: str


def my_links(request: HttpRequest) -> list[LinkRow]:
    titles: dict[str, str] = {p.name: p.display_title for p in active_providers(request)}
    return [LinkRow(identity=i, label=titles.get(i.provider, i.provider)) for i in identities_visible(request.user)]
