"""Operator placeholders in hand-written pages: `{{ operator.name }}`, `{{ build_date }}`,
`{{ leichte_sprache_quartiere }}`.

The legal pages (Impressum, Datenschutz, Barrierefreiheit) are written by the
operator and name the operator's details as placeholders, filled from the plugin
option `operator` (and the tile provider's details, `tiles`). The pages are
rendered in Jinja's sandbox: they are not our code. A missing detail shows as a
marked gap, never as an empty spot.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from ..core.german import german_date
from ..core.site import Site
from .translations import easy_language_index

#: Operator details the legal pages need, with what a missing one is called.
OPERATOR_FIELDS = {
    "name": "Name der verantwortlichen Stelle",
    "street": "Straße und Hausnummer",
    "postcode": "Postleitzahl",
    "city": "Ort",
    "email": "E-Mail-Adresse",
    "phone": "Telefonnummer",
    "website": "Webadresse",
    "represented_by": "Vertretungsberechtigte Person oder Stelle",
    "supervisory_authority": "Aufsichtsbehörde",
    "dpo_name": "Datenschutzbeauftragte Stelle",
    "dpo_email": "E-Mail der oder des Datenschutzbeauftragten",
    "dpo_address": "Anschrift der oder des Datenschutzbeauftragten",
    "accessibility_email": "E-Mail für Rückmeldungen zur Barrierefreiheit",
    "accessibility_phone": "Telefon für Rückmeldungen zur Barrierefreiheit",
    "enforcement_body_name": "Durchsetzungs- und Schlichtungsstelle",
    "enforcement_body_url": "Webadresse der Durchsetzungs- und Schlichtungsstelle",
    "tile_provider_name": "Anbieter der Kartenkacheln",
    "tile_provider_privacy_url": "Datenschutzerklärung des Kartenanbieters",
}


class Operator:
    """Operator settings for templates; a missing value is a visible, marked gap."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values

    def __getattr__(self, key: str) -> Markup:
        if key.startswith("_"):
            raise AttributeError(key)
        value = self._values.get(key)
        if value:
            return escape(str(value))
        what = OPERATOR_FIELDS.get(key, key)
        return Markup('<mark class="qd-gap">[Angabe fehlt: {}]</mark>').format(what)


def fill_placeholders(
    markdown: str, operator: Mapping[str, Any], today: date, site: Site | None = None
) -> str:
    """`markdown` with its placeholders filled; raises jinja2's `TemplateError`.

    `leichte_sprache_quartiere` lists the quarters' Leichte-Sprache pages (for
    content/leichte-sprache.md); it is empty without a `site`.
    """
    if "{{" not in markdown and "{%" not in markdown:
        return markdown
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    return env.from_string(markdown).render(
        operator=Operator(operator),
        build_date=german_date(today),
        leichte_sprache_quartiere=easy_language_index(site) if site is not None else "",
    )
