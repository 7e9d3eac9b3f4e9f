"""Reads of portal sign-in: the portals offered, a user's links with their portals' labels, and the
portals they may still link."""

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


def linkable_providers(request: HttpRequest) -> list[ProviderButton]:
    """The active portals the user has no identity at yet, each with its 「关联」 address (a POST)."""
    linked = set(identities_visible(request.user).values_list("provider", flat=True))
    return [ProviderButton(name=p.name, label=p.display_title, start_url=reverse("portals:link_start", args=[p.name]))
            for p in active_providers(request) if p.name not in linked]
