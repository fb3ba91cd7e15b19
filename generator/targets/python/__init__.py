"""The Python target: how the generated Python spells spec names (`names`, `derived`,
`params`, `models`, `unions`, `text`), the names it keeps for itself (`reserved`,
checked by `spec_checks`), how its files are tidied and formatted (`imports`,
`preformat`, `format`: black), and the pydantic models of the python-pydantic style
(`pydantic_*`, through datamodel-code-generator)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...target import Target
from . import declarations, methods, models, names, text, unions
from .format import Formatter
from .params import param_hint
from .pydantic_models import pydantic_models
from .spec_checks import check_spec

_FILTER_TABLES: tuple[Mapping[str, Any], ...] = (
    {"pydantic_models": pydantic_models},
    names.FILTERS,
    methods.FILTERS,
    models.FILTERS,
    text.FILTERS,
    unions.FILTERS,
)
_GLOBAL_TABLES: tuple[Mapping[str, Any], ...] = (
    {"param_hint": param_hint},
    declarations.GLOBALS,
    methods.GLOBALS,
    models.GLOBALS,
    unions.GLOBALS,
)

TARGET = Target(
    name="python",
    check_spec=check_spec,
    filters={name: value for table in _FILTER_TABLES for name, value in table.items()},
    template_globals={name: value for table in _GLOBAL_TABLES for name, value in table.items()},
    file_stem=names.snake,
    formatter=Formatter,
)
