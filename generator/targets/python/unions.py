"""How the Python models find a union's variant: the names of its lookup tables and of
the functions that look a second property up (filters and globals of the
Python target, beside those of `names`).

A union with a one-property discriminator has one table, `_<STEM>_VARIANTS`, from each
value to its variant's decoder. A value several variants share leads to a function
`_<stem>_from_dict_<n>` that looks the next property up in `_<STEM>_VARIANTS_<n>`. A
model's stem never holds `_` before a digit (`python_derived.model_stem`), so these
names meet no name derived from another model.
"""

from __future__ import annotations

from ... import ir
from .derived import model_stem
from .names import decoder


def union_lookups(union: ir.UnionModel) -> list[ir.Lookup]:
    """The union's lookups, the first one first, each once (two equal lookups, reached
    by different values, share one table)."""
    if union.lookup is None:
        return []
    return list(dict.fromkeys(union.lookup.lookups))


def lookup_table(union: ir.UnionModel, lookup: ir.Lookup) -> str:
    """The name of the dict that maps `lookup.property`'s values to decoders:
    `_RUN_STEP_DETAILS_VARIANTS`, then `_RUN_STEP_DETAILS_VARIANTS_1`..."""
    index = union_lookups(union).index(lookup)
    return f"_{model_stem(union.name).upper()}_VARIANTS" + (f"_{index}" if index else "")


def lookup_function(union: ir.UnionModel, lookup: ir.Lookup) -> str:
    """The name of the function that decodes an object by a lookup below the first:
    `_input_item_from_dict_1`."""
    index = union_lookups(union).index(lookup)
    assert index, "the first lookup is the union's own decoder"
    return f"_{model_stem(union.name)}_from_dict_{index}"


def lookup_cases(union: ir.UnionModel, lookup: ir.Lookup) -> list[tuple[str, str]]:
    """`(value, decoder)` for each case of a lookup: a variant's decoder, or the
    function of the lookup a shared value leads to."""
    return [
        (value, lookup_function(union, target) if isinstance(target, ir.Lookup) else decoder(target.type))
        for value, target in lookup.cases
    ]


FILTERS = {
    "lookup_table": lookup_table,
    "lookup_function": lookup_function,
    "lookup_cases": lookup_cases,
}
GLOBALS = {
    "union_lookups": union_lookups,
}
