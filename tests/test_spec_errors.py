"""What `python -m generator validate` prints for broken specs.

Every case below is a small spec under tests/spec_errors/ (a minimal valid spec with one
mistake, unless its name says otherwise) next to the exact text the command must write
to stderr: one `file:line:column: message` line per problem, sorted by position, then the
summary line. The command must exit with status 1, print nothing to stdout and never
show a traceback.

Cases marked `BUG(...)` show the report we want but do not get yet; they are strict
xfails, so fixing the generator makes them fail until the mark is removed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC_ERRORS = "tests/spec_errors"


def validate(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return subprocess.run(
        [sys.executable, "-m", "generator", "validate", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_report(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr == expected
    assert result.stdout == ""
    assert result.returncode == 1


def BUG(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


# Syntax errors are worded by the YAML parser; generator/read/load.py uses libyaml's when PyYAML
# was built with it, and the pure-Python parser words the same mistakes differently.
LIBYAML_WORDING = pytest.mark.skipif(
    not getattr(yaml, "__with_libyaml__", False),
    reason="the expected syntax-error text is libyaml's; this PyYAML has no libyaml",
)


def case(spec: str, expected: str, bug: str | None = None, yaml_syntax: bool = False) -> object:
    """One row of the table: the spec under tests/spec_errors/ and its exact stderr."""
    marks = ([BUG(bug)] if bug else []) + ([LIBYAML_WORDING] if yaml_syntax else [])
    return pytest.param(
        spec,
        textwrap.dedent(expected).lstrip("\n"),
        id=spec.removesuffix(".yaml").replace("_", "-"),
        marks=marks,
    )


SPEC_CASES = [
    # -- YAML syntax: the file cannot be read at all ------------------------------------
    case("malformed_yaml_indentation.yaml", """
        tests/spec_errors/malformed_yaml_indentation.yaml:10:6: malformed YAML: did not find expected key (while parsing a block mapping that starts at line 7, column 5)
        1 problem found; nothing was written.
        """,
        yaml_syntax=True),
    case("malformed_yaml_unclosed_bracket.yaml", """
        tests/spec_errors/malformed_yaml_unclosed_bracket.yaml:9:15: malformed YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 8, column 15)
        1 problem found; nothing was written.
        """,
        yaml_syntax=True),
    case("yaml_custom_tag.yaml", """
        tests/spec_errors/yaml_custom_tag.yaml:14:12: unsupported YAML tag `!ref`: spec files use plain YAML values; remove the tag
        1 problem found; nothing was written.
        """),
    case("yaml_tags.yaml", """
        tests/spec_errors/yaml_tags.yaml:6:8: unsupported YAML tag `!!python/object/new:os.system`: spec files use plain YAML values; remove the tag
        tests/spec_errors/yaml_tags.yaml:9:11: unsupported YAML tag `!!binary`: spec files use plain YAML values; remove the tag
        tests/spec_errors/yaml_tags.yaml:10:41: unsupported YAML tag `!!timestamp`: spec files use plain YAML values; remove the tag
        tests/spec_errors/yaml_tags.yaml:11:13: unsupported YAML tag `!!set`: spec files use plain YAML values; remove the tag
        4 problems found; nothing was written.
        """),
    case("yaml_alias.yaml", """
        tests/spec_errors/yaml_alias.yaml:14:11: YAML aliases (`*identifier`) are not supported: write the value out, or declare a model and refer to it with `$ref`
        1 problem found; nothing was written.
        """),
    case("duplicate_key.yaml", """
        tests/spec_errors/duplicate_key.yaml:11:7: duplicate key `id` (first defined at line 9)
        1 problem found; nothing was written.
        """),

    # -- sections and names -------------------------------------------------------------
    case("missing_api_section.yaml", """
        tests/spec_errors/missing_api_section.yaml:1:1: no `api` section: declare one in exactly one file
        1 problem found; nothing was written.
        """),
    case("unknown_section.yaml", """
        tests/spec_errors/unknown_section.yaml:16:1: unknown section key `operation` (did you mean `operations`?)
        1 problem found; nothing was written.
        """),
    case("duplicate_models", """
        tests/spec_errors/duplicate_models/b.yaml:6:3: duplicate model name `Pet` (first declared at tests/spec_errors/duplicate_models/a.yaml:6:3)
        1 problem found; nothing was written.
        """),
    case("model_name_not_pascal_case.yaml", """
        tests/spec_errors/model_name_not_pascal_case.yaml:11:3: model name `pet_owner` must be PascalCase, such as `PetOwner`
        1 problem found; nothing was written.
        """),
    case("model_name_taken_by_python.yaml", """
        tests/spec_errors/model_name_taken_by_python.yaml:6:3: model name `Any` is taken by the generated Python models module; choose another, such as `AnyObject`
        tests/spec_errors/model_name_taken_by_python.yaml:10:3: model name `Field` is taken by the generated Python models module; choose another, such as `FieldObject`
        2 problems found; nothing was written.
        """),
    case("client_method_names.yaml", """
        tests/spec_errors/client_method_names.yaml:15:7: `limit` is both a query parameter (tests/spec_errors/client_method_names.yaml:25:24) and a property of body `Pet` of operation `make`, whose method takes it once; rename one
        tests/spec_errors/client_method_names.yaml:18:3: operation `with_options` would be the client method `with_options`, a name the client itself uses; rename it
        tests/spec_errors/client_method_names.yaml:19:3: operation `close` would be the client method `close`, a name the client itself uses; rename it
        tests/spec_errors/client_method_names.yaml:27:5: the streaming variant of operation `make` and operation `make_stream` (tests/spec_errors/client_method_names.yaml:20:3) would both be the client method `make_stream`; rename one
        tests/spec_errors/client_method_names.yaml:29:3: operation `class` would be the client method `class`, a Python keyword; rename it
        tests/spec_errors/client_method_names.yaml:30:3: operation `_send` would be the client method `_send`; names starting with `_` belong to the client's own machinery, rename it
        tests/spec_errors/client_method_names.yaml:31:3: operation `tenant` would be the client method `tenant`, the client's option of that name (tests/spec_errors/client_method_names.yaml:8:5); rename one
        tests/spec_errors/client_method_names.yaml:32:61: the response of `list_pets` must name an object, union or alias model: declare this type under `models` and name it here
        8 problems found; nothing was written.
        """),
    case("client_options.yaml", """
        tests/spec_errors/client_options.yaml:9:14: `api.environment.api_key` `pets api key` is not an environment variable name (upper-case letters, digits and `_`): write `PETS_API_KEY`
        tests/spec_errors/client_options.yaml:11:10: `api.environment.log` `PETS_KEY` is read for something else already (tests/spec_errors/client_options.yaml:10:15); give each its own variable
        tests/spec_errors/client_options.yaml:12:5: unknown `api.environment` key `debug`
        tests/spec_errors/client_options.yaml:14:5: client header option `timeout` has a name the client itself uses; rename it
        tests/spec_errors/client_options.yaml:15:21: header `pets-beta` is sent already, by `api.headers` or another client header (tests/spec_errors/client_options.yaml:7:5); HTTP names compare without case
        tests/spec_errors/client_options.yaml:15:45: `store.environment` `PETS_KEY` is read for something else already (tests/spec_errors/client_options.yaml:10:15); give each its own variable
        tests/spec_errors/client_options.yaml:16:21: `shelf.header` `X Shelf` is not an HTTP token (letters, digits and `!#$%&'*+-.^_`|~`)
        tests/spec_errors/client_options.yaml:17:11: client header `room` is missing `header`
        tests/spec_errors/client_options.yaml:18:5: client header option `Owner` must be a snake_case identifier starting with a letter, such as `organization`
        9 problems found; nothing was written.
        """),
    case("property_names.yaml", """
        tests/spec_errors/property_names.yaml:10:7: property name `__secret` starts with `__`, which Python renames inside a class; choose a name without the leading `__`
        tests/spec_errors/property_names.yaml:11:7: property `Owner` of model `Pet` has the name of the model `Owner` (tests/spec_errors/property_names.yaml:15:3), which the generated class could then no longer name; rename one
        tests/spec_errors/property_names.yaml:13:7: property `PetKind` of model `Pet` has the name of the model `PetKind` (tests/spec_errors/property_names.yaml:14:28), which the generated class could then no longer name; rename one
        tests/spec_errors/property_names.yaml:19:3: model name `KeyError` is taken by the generated Python models module; choose another, such as `KeyErrorObject`
        tests/spec_errors/property_names.yaml:28:23: parameter name `__id` starts with `__`, which Python renames inside a class; choose a name without the leading `__`
        5 problems found; nothing was written.
        """),
    case("impossible_values.yaml", """
        tests/spec_errors/impossible_values.yaml:10:25: `inf` is not a JSON number (YAML reads `.inf`, `.nan` and numbers beyond a float's range as such); write a finite number
        tests/spec_errors/impossible_values.yaml:11:29: `nan` is not a JSON number (YAML reads `.inf`, `.nan` and numbers beyond a float's range as such); write a finite number
        tests/spec_errors/impossible_values.yaml:12:26: `inf` is not a JSON number (YAML reads `.inf`, `.nan` and numbers beyond a float's range as such); write a finite number
        tests/spec_errors/impossible_values.yaml:13:39: `-inf` is not a JSON number (YAML reads `.inf`, `.nan` and numbers beyond a float's range as such); write a finite number
        tests/spec_errors/impossible_values.yaml:14:24: `const: null` allows only null: give the field its type and `nullable: true` instead
        5 problems found; nothing was written.
        """),
    case("event_class_names.yaml", """
        tests/spec_errors/event_class_names.yaml:16:7: event `pet` of stream `Pet` and stream `Pet` (tests/spec_errors/event_class_names.yaml:13:3) would both be named `PetEvent` in the events module; rename one
        tests/spec_errors/event_class_names.yaml:17:7: event `unknown` of stream `Pet` would be named `UnknownEvent` in the events module, which already uses that name; rename it
        tests/spec_errors/event_class_names.yaml:18:27: the data of event `pets.listed` holds a model inside an array or map: declare this type under `models` and name it here
        tests/spec_errors/event_class_names.yaml:22:7: event `pet` of stream `Other` and stream `Pet` (tests/spec_errors/event_class_names.yaml:13:3) would both be named `PetEvent` in the events module; rename one
        tests/spec_errors/event_class_names.yaml:23:3: stream `AsyncPet` and stream `Pet` (tests/spec_errors/event_class_names.yaml:13:3) would both be named `AsyncPetEventHandler` in the events module; rename one
        tests/spec_errors/event_class_names.yaml:23:3: stream `AsyncPet` and stream `Pet` (tests/spec_errors/event_class_names.yaml:13:3) would both be named `AsyncPetEvents` in the events module; rename one
        6 problems found; nothing was written.
        """),
    case("alias_cycle.yaml", """
        tests/spec_errors/alias_cycle.yaml:6:3: model `PetId` is an alias of itself: `PetId` -> `Identifier` -> `PetId`
        1 problem found; nothing was written.
        """),
    case("alias_cycle_in_union.yaml", """
        tests/spec_errors/alias_cycle_in_union.yaml:6:3: model `PetId` is an alias of itself: `PetId` -> `Identifier` -> `PetId`
        1 problem found; nothing was written.
        """),

    # -- schemas --------------------------------------------------------------------------
    case("unknown_schema_key.yaml", """
        tests/spec_errors/unknown_schema_key.yaml:8:5: unknown schema key `descripton` (did you mean `description`?)
        1 problem found; nothing was written.
        """),
    case("unresolved_ref.yaml", """
        tests/spec_errors/unresolved_ref.yaml:15:15: `$ref` `Pett` is not a declared model (did you mean `Pet`?)
        1 problem found; nothing was written.
        """),
    case("ref_json_pointer.yaml", """
        tests/spec_errors/ref_json_pointer.yaml:15:15: `$ref` takes a model name, not a JSON pointer: write `$ref: Pet`
        1 problem found; nothing was written.
        """),
    case("property_name_not_identifier.yaml", """
        tests/spec_errors/property_name_not_identifier.yaml:10:7: property name `pet-name` is not a valid identifier (letters, digits, `_`)
        1 problem found; nothing was written.
        """),
    case("required_not_a_property.yaml", """
        tests/spec_errors/required_not_a_property.yaml:8:20: required property `nmae` is not in `properties` (did you mean `name`?)
        1 problem found; nothing was written.
        """),
    case("inline_object_name_clash.yaml", """
        tests/spec_errors/inline_object_name_clash.yaml:17:9: this inline object would be named `OwnerAddress`, which is already used at tests/spec_errors/inline_object_name_clash.yaml:19:3: declare the object as a model and reference it with `$ref`
        1 problem found; nothing was written.
        """),
    case("inline_enum_name_clash.yaml", """
        tests/spec_errors/inline_enum_name_clash.yaml:12:9: this inline enum would be named `PetStatus`, which is already used at tests/spec_errors/inline_enum_name_clash.yaml:13:3: declare the enum as a model and reference it with `$ref`
        1 problem found; nothing was written.
        """),

    # -- unions ---------------------------------------------------------------------------
    case("object_variants_without_discriminator.yaml", """
        tests/spec_errors/object_variants_without_discriminator.yaml:7:18: union `Pet` has several object variants: add `discriminator: <property>` to tell them apart
        1 problem found; nothing was written.
        """),
    case("discriminator_variant_lacks_property.yaml", """
        tests/spec_errors/discriminator_variant_lacks_property.yaml:7:18: variant `Dog` has no property `kind`, the discriminator of union `Pet` (did you mean `knd`?)
        1 problem found; nothing was written.
        """),
    case("discriminator_variant_not_const.yaml", """
        tests/spec_errors/discriminator_variant_not_const.yaml:7:18: variant `Dog` must declare `kind` with a string `const` or an `enum` of strings, so union `Pet` can tell it apart
        1 problem found; nothing was written.
        """),
    case("discriminator_shared_value.yaml", """
        tests/spec_errors/discriminator_shared_value.yaml:7:18: variants `Cat` and `Dog` of union `Pet` share the discriminator value `cat`; give them distinct values, or tell them apart by a second property as well: `discriminator: [kind, <property>]`
        1 problem found; nothing was written.
        """),
    case("discriminator_variant_is_alias.yaml", """
        tests/spec_errors/discriminator_variant_is_alias.yaml:7:13: variant `Kitten` of union `Pet` is an alias of `Cat`: list `Cat` in `oneOf` directly
        1 problem found; nothing was written.
        """),

    case("discriminator_shared_tags.yaml", """
        tests/spec_errors/discriminator_shared_tags.yaml:7:26: variant `BotMessage` of union `Message` shares `type` `message` with another variant, so it must declare `role` (the next property of `discriminator`) with a string `const` or `enum`
        tests/spec_errors/discriminator_shared_tags.yaml:7:38: variants `UserMessage` and `EchoMessage` of union `Message` share the discriminator values `type` `message`, `role` `system`; give them distinct values, or add a property to `discriminator` that tells them apart
        2 problems found; nothing was written.
        """),
    case("discriminator_mapping.yaml", """
        tests/spec_errors/discriminator_mapping.yaml:10:16: `default` `Bird` is not an object variant of union `Pet`
        tests/spec_errors/discriminator_mapping.yaml:15:16: `Dog` requires `type`, so no object without `type` can be one: make `type` optional in `Dog`, or name another default
        tests/spec_errors/discriminator_mapping.yaml:19:7: a discriminator mapping needs `property`: the name of the property that tells the variants apart, such as `property: type`
        tests/spec_errors/discriminator_mapping.yaml:19:7: unknown discriminator key `propertyName` (did you mean `property`?): a discriminator mapping takes `property` (one name or a list) and `default` (a model name)
        tests/spec_errors/discriminator_mapping.yaml:22:27: the properties of a discriminator are names (strings)
        5 problems found; nothing was written.
        """),
    case("union_one_of_and_any_of.yaml", """
        tests/spec_errors/union_one_of_and_any_of.yaml:8:5: a union is either a `oneOf` or an `anyOf`: list every variant under one of them
        1 problem found; nothing was written.
        """),

    # -- compositions ---------------------------------------------------------------------
    case("allof_mistakes.yaml", """
        tests/spec_errors/allof_mistakes.yaml:14:9: `allOf` composes objects: `Kind` is not an object model with `properties`
        tests/spec_errors/allof_mistakes.yaml:15:9: `allOf` member `Nmed` is not a declared model (did you mean `Named`?)
        tests/spec_errors/allof_mistakes.yaml:17:9: `enum` cannot stand in an `allOf` member, which adds properties; members hold `allOf`, `type`, `properties`, `required`, `description`, `title`, `additionalProperties`
        tests/spec_errors/allof_mistakes.yaml:19:11: property `name` of `Pet` comes from `Named` (tests/spec_errors/allof_mistakes.yaml:10:7) and again from an inline member with another schema; `allOf` can give a field one type only: declare the property once, or with the same schema
        tests/spec_errors/allof_mistakes.yaml:20:5: `oneOf` cannot be combined with `allOf`, which composes object schemas; declare the oneOf in a model of its own
        5 problems found; nothing was written.
        """),
    case("allof_cycle.yaml", """
        tests/spec_errors/allof_cycle.yaml:12:13: `allOf` makes `Pet` a part of itself (`Pet` -> `Animal` -> `Pet`); compose it of other models
        1 problem found; nothing was written.
        """),

    # -- names across namespaces ----------------------------------------------------------
    case("namespace_clashes.yaml", """
        tests/spec_errors/namespace_clashes.yaml:22:3: stream `PetStream` and model `PetStream` (tests/spec_errors/namespace_clashes.yaml:10:3) would both be `components/schemas/PetStream` in the OpenAPI export; rename one
        tests/spec_errors/namespace_clashes.yaml:24:7: event `pet.born` of stream `PetStream` would be the class `events.PetBornEvent`, and model `PetBornEvent` (tests/spec_errors/namespace_clashes.yaml:14:3) is `models.PetBornEvent`: one name for two different classes; rename one
        tests/spec_errors/namespace_clashes.yaml:27:7: event `pet.born` of stream `Pets` and event `pet.born` of stream `PetStream` (tests/spec_errors/namespace_clashes.yaml:24:7) would both be named `PetBornEvent` in the events module; rename one
        tests/spec_errors/namespace_clashes.yaml:27:7: event `pet.born` of stream `Pets` and model `PetsPetBorn` (tests/spec_errors/namespace_clashes.yaml:18:3) would both be `components/schemas/PetsPetBorn` in the OpenAPI export; rename one
        tests/spec_errors/namespace_clashes.yaml:27:7: event `pet.born` of stream `Pets` would be the class `events.PetBornEvent`, and model `PetBornEvent` (tests/spec_errors/namespace_clashes.yaml:14:3) is `models.PetBornEvent`: one name for two different classes; rename one
        5 problems found; nothing was written.
        """),

    # -- operations -----------------------------------------------------------------------
    case("unknown_method.yaml", """
        tests/spec_errors/unknown_method.yaml:18:13: `method` is one of `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, not `get` (did you mean `GET`?)
        1 problem found; nothing was written.
        """),
    case("path_placeholder_without_path_parameters.yaml", """
        tests/spec_errors/path_placeholder_without_path_parameters.yaml:19:11: path placeholder `{pet_id}` has no entry in `path_parameters`
        1 problem found; nothing was written.
        """),
    case("path_placeholder_without_parameter.yaml", """
        tests/spec_errors/path_placeholder_without_parameter.yaml:19:11: path placeholder `{pet_id}` has no entry in `path_parameters`
        1 problem found; nothing was written.
        """),
    case("path_placeholder_repeated.yaml", """
        tests/spec_errors/path_placeholder_repeated.yaml:15:11: path placeholder `{pet_id}` appears more than once
        1 problem found; nothing was written.
        """),
    case("path_parameter_not_in_path.yaml", """
        tests/spec_errors/path_parameter_not_in_path.yaml:23:7: path parameter `owner_id` does not appear in the path `/pets/{pet_id}`
        1 problem found; nothing was written.
        """),
    case("query_parameter_with_brackets.yaml", """
        tests/spec_errors/query_parameter_with_brackets.yaml:22:7: parameter name `include[]` is not a valid identifier: write `include` (array query parameters are sent as `name[]` by `api.query_arrays`)
        1 problem found; nothing was written.
        """),
    case("paginated_response_shape.yaml", """
        tests/spec_errors/paginated_response_shape.yaml:26:16: a paginated operation needs an `after` query parameter, the cursor of the next page
        tests/spec_errors/paginated_response_shape.yaml:26:16: the response `PetList` of a paginated operation needs a required boolean property `has_more`
        tests/spec_errors/paginated_response_shape.yaml:26:16: the response `PetList` of a paginated operation needs a required string property `last_id` (null allowed)
        3 problems found; nothing was written.
        """),
    case("body_is_alias.yaml", """
        tests/spec_errors/body_is_alias.yaml:18:11: body `NewPet` is an alias of `Pet`: write `body: Pet`
        1 problem found; nothing was written.
        """),
    case("stream_body_without_stream_property.yaml", """
        tests/spec_errors/stream_body_without_stream_property.yaml:23:13: body `CreatePetRequest` has no `stream` property to switch streaming on
        1 problem found; nothing was written.
        """),
    case("stream_property_not_boolean.yaml", """
        tests/spec_errors/stream_property_not_boolean.yaml:24:13: body `CreatePetRequest` has a `stream` property, but it is not a boolean
        1 problem found; nothing was written.
        """),

    # -- streams --------------------------------------------------------------------------
    case("event_unknown_object.yaml", """
        tests/spec_errors/event_unknown_object.yaml:21:15: event `pet.created` points at unknown object `Pett` (did you mean `Pet`?)
        1 problem found; nothing was written.
        """),
    case("event_ref_json_pointer.yaml", """
        tests/spec_errors/event_ref_json_pointer.yaml:22:17: `$ref` takes a model name, not a JSON pointer: write `$ref: Pet`
        1 problem found; nothing was written.
        """),
    case("terminator_not_an_event.yaml", """
        tests/spec_errors/terminator_not_an_event.yaml:18:17: terminator `dnoe` is not one of the stream's events (did you mean `done`?)
        1 problem found; nothing was written.
        """),
    case("stream_start_mistakes.yaml", """
        tests/spec_errors/stream_start_mistakes.yaml:20:37: a stream started `by: query` needs a boolean query parameter `stream` under `query_parameters`
        tests/spec_errors/stream_start_mistakes.yaml:28:15: the query parameter `stream` starts the stream: it must be a boolean
        tests/spec_errors/stream_start_mistakes.yaml:38:31: the query parameter `stream` is sent by the streaming method only: it cannot be required
        tests/spec_errors/stream_start_mistakes.yaml:48:37: `by` is `body` (the JSON body's `stream` is true) or `query` (`?stream=true`), not `header`
        tests/spec_errors/stream_start_mistakes.yaml:48:45: unknown `stream` key `every`
        tests/spec_errors/stream_start_mistakes.yaml:54:13: `stream` is missing `events`
        tests/spec_errors/stream_start_mistakes.yaml:54:18: a stream started `by: query` needs a boolean query parameter `stream` under `query_parameters`
        tests/spec_errors/stream_start_mistakes.yaml:60:13: `stream` is a stream's name, or `{events: <stream>, by: body|query}`
        8 problems found; nothing was written.
        """),
    case("stream_end_mistakes.yaml", """
        tests/spec_errors/stream_end_mistakes.yaml:15:18: `error` is the stream's terminator already: the terminator ends the stream and the error event is raised; name two different events
        tests/spec_errors/stream_end_mistakes.yaml:16:33: terminal event `pet.dnoe` is not one of the stream's events (did you mean `pet.done`?)
        tests/spec_errors/stream_end_mistakes.yaml:16:43: `error` is the stream's error event, which is not yielded; a terminal event is yielded and marks the stream complete
        tests/spec_errors/stream_end_mistakes.yaml:16:50: terminal event `pet.done` is listed twice
        tests/spec_errors/stream_end_mistakes.yaml:16:60: `terminal_events` holds event names (strings)
        tests/spec_errors/stream_end_mistakes.yaml:17:15: `dispatch` is `event` (the SSE `event:` line names an event) or `type` (the `type` member of its data), not `types` (did you mean `type`?)
        tests/spec_errors/stream_end_mistakes.yaml:18:14: `helpers` names the style's stream helpers (`partials/stream_helpers/<name>.jinja`): a PascalCase name such as `PetHelpers`, not `pet_helpers`
        tests/spec_errors/stream_end_mistakes.yaml:27:22: `terminal_events` is a list of the stream's event names
        8 problems found; nothing was written.
        """),
    case("stream_dispatch_by_type.yaml", """
        tests/spec_errors/stream_dispatch_by_type.yaml:38:15: with `dispatch: type` the reader names an event by its data's `type`, but the `type` of event `pet.found`'s data (`PetSeen`) does not take the value `pet.found`
        tests/spec_errors/stream_dispatch_by_type.yaml:44:15: with `dispatch: type` the reader names an event by its data's `type`, but the data of event `pet.untyped` is not an object with a `type` property
        tests/spec_errors/stream_dispatch_by_type.yaml:46:15: with `dispatch: type` the reader names an event by its data's `type`, but the data of event `pet.sighted` is not an object with a `type` property
        tests/spec_errors/stream_dispatch_by_type.yaml:48:15: with `dispatch: type` the reader names an event by its data's `type`, but the data of event `pet.counted` is not an object with a `type` property
        4 problems found; nothing was written.
        """),
    # `helpers` is checked against the configured style (python): render time, positioned
    case("stream_helpers_unknown.yaml", """
        tests/spec_errors/stream_helpers_unknown.yaml:14:14: the style has no stream helpers `RunStreams` (`partials/stream_helpers/RunStreams.jinja`) (did you mean `RunStream`?); it has `ResponseStream`, `RunStream`
        1 problem found; nothing was written.
        """),


    # -- computed properties ----------------------------------------------------------------
    case("computed_mistakes.yaml", """
        tests/spec_errors/computed_mistakes.yaml:14:7: computed property `name` of `Pet`: the field `name` has that name; a computed property stands beside the fields, never for one
        tests/spec_errors/computed_mistakes.yaml:15:23: `helper` names the style's partial `partials/computed/<helper>.jinja`: a PascalCase name, not `pet_name`
        tests/spec_errors/computed_mistakes.yaml:16:7: computed property `Label` of `Pet`: a property name is snake_case (lower-case letters, digits and `_`, starting with a letter)
        tests/spec_errors/computed_mistakes.yaml:16:14: computed property `Label` is missing `helper`
        tests/spec_errors/computed_mistakes.yaml:16:31: unknown computed property key `returns`
        tests/spec_errors/computed_mistakes.yaml:17:7: computed property `to_dict` of `Pet`: the model's class uses that name itself (`to_dict`, `unknown_fields`, `model_*`...)
        tests/spec_errors/computed_mistakes.yaml:18:7: computed property `class` of `Pet`: a Python keyword cannot name a property
        tests/spec_errors/computed_mistakes.yaml:21:5: `computed` adds properties to an object model; `Animal` has no `properties`
        8 problems found; nothing was written.
        """),
    # a computed property's `helper` is checked against the configured style: render time
    case("computed_helper_unknown.yaml", """
        tests/spec_errors/computed_helper_unknown.yaml:14:17: the style has no computed property `ResponseOutputTxt` (`partials/computed/ResponseOutputTxt.jinja`) (did you mean `ResponseOutputText`?); it has `ResponseOutputText`
        1 problem found; nothing was written.
        """),

    # -- polls ----------------------------------------------------------------------------
    case("no_body_response.yaml", """
        tests/spec_errors/no_body_response.yaml:36:15: operation `adopt_pet` streams, and its answer without `stream: true` is a body too: name its model in `response`
        tests/spec_errors/no_body_response.yaml:45:16: the response of a paginated operation must name an object model with `data`, `has_more` and `last_id`
        tests/spec_errors/no_body_response.yaml:47:5: operation `feed_pet` is missing `response`: name the model of its body, or write `response: null` if it answers without one
        tests/spec_errors/no_body_response.yaml:60:16: operation `delete_pet` must respond with an object model to be polled
        4 problems found; nothing was written.
        """),
    case("poll_mistakes.yaml", """
        tests/spec_errors/poll_mistakes.yaml:25:5: `arguments` is missing `pet_id`, a path parameter of `get_pet`
        tests/spec_errors/poll_mistakes.yaml:26:7: `petid` is not a path parameter of `get_pet` (did you mean `pet_id`?)
        tests/spec_errors/poll_mistakes.yaml:27:12: the polled object has no field `stat` (did you mean `state`?)
        tests/spec_errors/poll_mistakes.yaml:29:13: operation `get_pets` is not declared (did you mean `get_pet`?)
        4 problems found; nothing was written.
        """),

    # -- several mistakes at once: all reported, sorted by position -----------------------
    case("several_mistakes.yaml", """
        tests/spec_errors/several_mistakes.yaml:9:17: terminator `dnoe` is not one of the stream's events (did you mean `done`?)
        tests/spec_errors/several_mistakes.yaml:18:13: `method` is one of `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, not `FETCH`
        tests/spec_errors/several_mistakes.yaml:28:20: required property `nmae` is not in `properties` (did you mean `name`?)
        tests/spec_errors/several_mistakes.yaml:33:15: `$ref` `Ownr` is not a declared model (did you mean `Owner`?)
        tests/spec_errors/several_mistakes.yaml:36:5: unknown schema key `descripton` (did you mean `description`?)
        5 problems found; nothing was written.
        """),
    case("several_mistakes_with_duplicate_key.yaml", """
        tests/spec_errors/several_mistakes_with_duplicate_key.yaml:11:7: duplicate key `id` (first defined at line 9)
        tests/spec_errors/several_mistakes_with_duplicate_key.yaml:14:5: unknown schema key `descripton` (did you mean `description`?)
        2 problems found; nothing was written.
        """),
    case("several_mistakes_with_inline_enum_clash.yaml", """
        tests/spec_errors/several_mistakes_with_inline_enum_clash.yaml:12:9: this inline enum would be named `PetStatus`, which is already used at tests/spec_errors/several_mistakes_with_inline_enum_clash.yaml:15:3: declare the enum as a model and reference it with `$ref`
        tests/spec_errors/several_mistakes_with_inline_enum_clash.yaml:14:15: `$ref` `Ownr` is not a declared model (did you mean `Owner`?)
        2 problems found; nothing was written.
        """),
]


@pytest.mark.parametrize(("spec", "expected"), SPEC_CASES)
def test_validate_reports(spec: str, expected: str) -> None:
    assert_report(validate("--spec", f"{SPEC_ERRORS}/{spec}"), expected)


# -- [tool.runs-codegen] in ./pyproject.toml ----------------------------------------------

PYPROJECT_HEAD = """\
[project]
name = "pets-client"
version = "0.1.0"

"""

CONFIG_CASES = [
    pytest.param(
        PYPROJECT_HEAD + '[tool.runs-codegen]\nspc = "spec"\nout = "generated"\n',
        """
        pyproject.toml:6:1: unknown [tool.runs-codegen] key `spc` (did you mean `spec`?); known keys: spec, out, style, templates, apis
        1 problem found; nothing was written.
        """,
        id="unknown-key",
    ),
    pytest.param(
        PYPROJECT_HEAD + '[tool.runs-codegen]\nspec = "spec"\nout = 1\n',
        """
        pyproject.toml:7:1: [tool.runs-codegen] `out` must be a path string
        1 problem found; nothing was written.
        """,
        id="value-not-a-string",
    ),
    pytest.param(
        PYPROJECT_HEAD + '[tool.runs-codegen]\nspec = "spec"\nname = "pets"\n',
        """
        pyproject.toml:7:1: unknown [tool.runs-codegen] key `name`; known keys: spec, out, style, templates, apis
        1 problem found; nothing was written.
        """,
        id="unknown-key-also-used-in-another-table",
    ),
    pytest.param(
        PYPROJECT_HEAD + '[tool.runs-codegen]\nspec = "spec"\nout =\n',
        """
        pyproject.toml:7:6: invalid TOML: Invalid value
        1 problem found; nothing was written.
        """,
        id="invalid-toml",
    ),
]


@pytest.mark.parametrize(("pyproject", "expected"), CONFIG_CASES)
def test_validate_reports_config(tmp_path: Path, pyproject: str, expected: str) -> None:
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    assert_report(validate(cwd=tmp_path), textwrap.dedent(expected).lstrip("\n"))
