from __future__ import annotations

from typing import Any

import pytest

from coopdocs.model.cooperation import address_line, competitor_map, is_merchant_form, short_name


@pytest.mark.parametrize(("name", "form", "expected"), [
    ("GEFERTEC GmbH", "GmbH", "GEFERTEC"),
    ("Haustechnik Brüning GmbH & Co. KG", "GmbH & Co. KG", "Haustechnik Brüning"),
    ("Imbiss AKL, Inhaber Kemal Lorenz", "Einzelunternehmen", "Imbiss AKL, Inhaber Kemal Lorenz"),
    ("GmbH", "GmbH", "GmbH"),
])
def test_short_name(name: str, form: str, expected: str) -> None:
    assert short_name(name, form) == expected


@pytest.mark.parametrize(("form", "merchant"), [
    ("GmbH", True), ("GmbH & Co. KG", True), ("e.K.", True), ("AG", True), ("UG", True),
    ("Einzelunternehmen", False), ("GbR", False), ("Freiberufler", False),
])
def test_merchant_by_legal_form(form: str, merchant: bool) -> None:
    assert is_merchant_form(form) is merchant


def test_competitors_are_symmetric_and_known() -> None:
    partners: list[dict[str, Any]] = [{"id": "a", "competitor_of": ["b", "zz"]}, {"id": "b"},
                                      {"id": "c"}]
    assert competitor_map(partners) == {"a": {"b"}, "b": {"a"}, "c": set()}


def test_address_line_names_foreign_countries() -> None:
    address = {"street": "Hauptstraße 1", "postal_code": "10115", "city": "Berlin"}
    assert address_line(address) == "Hauptstraße 1, 10115 Berlin"
    assert address_line({**address, "country": "AT"}) == "Hauptstraße 1, 10115 Berlin, AT"
