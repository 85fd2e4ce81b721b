"""PlainDataSandbox gives templates exactly what Jinja's immutable sandbox gives them."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import jinja2
import pytest
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from coopdocs.clauses.sandbox import PlainDataSandbox

DATA: dict[str, Any] = {
    "d": {"name": "Müller & Söhne", "items": "a key named like a method", "n": {"x": 1}},
    "ordered": OrderedDict(name="ordered"),
    "rows": [{"a": 1}, {"a": 2}],
}

TEMPLATES = [
    "{{ d.name }}",
    "{{ d.n.x }}",
    "{{ d['items'] }}",
    "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
    "{{ d.keys() | list }}",
    "{{ ordered.name }}",
    "{% for r in rows %}{{ r.a }}{% endfor %}",
    "{{ d.get('name') }}",
    "{{ d.missing is defined }}",
]

FAILING = [
    "{{ d.missing }}",  # StrictUndefined
    "{{ d.__class__ }}",  # unsafe in the sandbox
    "{{ d.update({'name': 'x'}) }}",  # immutable sandbox: no mutating methods
    "{{ d.__class__.__mro__ }}",
]


def _environments() -> tuple[jinja2.Environment, jinja2.Environment]:
    options: dict[str, Any] = {"autoescape": True, "undefined": StrictUndefined}
    return ImmutableSandboxedEnvironment(**options), PlainDataSandbox(**options)


@pytest.mark.parametrize("source", TEMPLATES)
def test_same_output_as_the_stock_sandbox(source: str) -> None:
    stock, plain = _environments()
    assert plain.from_string(source).render(DATA) == stock.from_string(source).render(DATA)


@pytest.mark.parametrize("source", FAILING)
def test_same_errors_as_the_stock_sandbox(source: str) -> None:
    stock, plain = _environments()
    with pytest.raises(jinja2.TemplateError) as expected:
        stock.from_string(source).render(DATA)
    with pytest.raises(type(expected.value)) as got:
        plain.from_string(source).render(DATA)
    assert str(got.value) == str(expected.value)
