"""How the generated models behave, written as examples.

Each section states one rule of the generated package (`openai_runs`) and shows it on real
models: required / optional / nullable fields, unknown fields, open enums, unions, decode
errors, building request bodies in code, equality, and a property-based round trip.
See docs/spec-format.md for where these rules come from.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openai_runs import UNSET, DecodeError, Unset, models
from openai_runs.models import UnknownVariant

SEED_RUNS = json.loads((FIXTURES / "seed_runs.json").read_text())


def canonical(value: Any) -> str:
    """JSON text with sorted keys: order-insensitive, but keeps 1 and 1.0 apart (== does not)."""
    return json.dumps(value, sort_keys=True)


def base_run(**changes: Any) -> dict[str, Any]:
    """A valid Run payload (upstream's example "run_abc123"), with `changes` applied.

    Passing a value of `...` removes that key instead.
    """
    payload: dict[str, Any] = copy.deepcopy(SEED_RUNS["seed 004 example 2"])
    for key, value in changes.items():
        if value is ...:
            payload.pop(key, None)
        else:
            payload[key] = value
    return payload


def requires_action_run() -> dict[str, Any]:
    """A Run waiting for the output of one function call."""
    return base_run(
        status="requires_action",
        required_action={
            "type": "submit_tool_outputs",
            "submit_tool_outputs": {
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {
                            "name": "get_weather",
                            "arguments": '{"city": "Oslo"}',
                        },
                    }
                ]
            },
        },
    )


def decode_error(model: Any, payload: Any) -> DecodeError:
    """Decode `payload` with `model` (a class or a `*_from_dict` function), expecting a DecodeError."""
    decode = getattr(model, "from_dict", model)
    with pytest.raises(DecodeError) as caught:
        decode(payload)
    return caught.value


def test_base_run_is_valid_and_round_trips() -> None:
    payload = base_run()
    assert canonical(models.Run.from_dict(payload).to_dict()) == canonical(payload)


# --- Required, optional, nullable -------------------------------------------------------
# Three independent properties. `required_action`, `temperature` and `top_p` are optional
# (nullable too); `expires_at`, `last_error`, `instructions` are required but nullable;
# `id`, `model`, `status` are required and never null.


def test_absent_optional_field_is_unset_and_stays_absent() -> None:
    payload = base_run(temperature=..., top_p=...)
    assert "required_action" not in payload

    run = models.Run.from_dict(payload)

    assert run.required_action is UNSET
    assert run.temperature is UNSET
    assert run.top_p is UNSET
    out = run.to_dict()
    assert "required_action" not in out
    assert "temperature" not in out
    assert "top_p" not in out


def test_unset_is_falsy_distinct_from_none_and_prints_as_unset() -> None:
    assert isinstance(UNSET, Unset)
    assert not UNSET
    assert UNSET is not None
    assert repr(UNSET) == "UNSET"


def test_optional_nullable_field_sent_as_null_is_none_and_written_back_as_null() -> (
    None
):
    run = models.Run.from_dict(base_run(required_action=None, temperature=None))

    assert run.required_action is None
    assert run.temperature is None
    out = run.to_dict()
    assert out["required_action"] is None
    assert out["temperature"] is None


def test_optional_nullable_field_with_a_value_is_decoded() -> None:
    run = models.Run.from_dict(requires_action_run())

    assert isinstance(run.required_action, models.RunRequiredAction)
    call = run.required_action.submit_tool_outputs.tool_calls[0]
    assert call.id == "call_1"
    assert call.function.name == "get_weather"


@pytest.mark.parametrize("key", ["expires_at", "last_error", "instructions", "usage"])
def test_required_nullable_field_may_be_null(key: str) -> None:
    run = models.Run.from_dict(base_run(**{key: None}))

    assert getattr(run, key) is None
    assert run.to_dict()[key] is None


@pytest.mark.parametrize("key", ["expires_at", "last_error", "instructions", "usage"])
def test_required_nullable_field_must_be_present(key: str) -> None:
    error = decode_error(models.Run, base_run(**{key: ...}))

    assert error.path == f"Run.{key}"
    assert str(error) == f"Run.{key}: required field is missing"


@pytest.mark.parametrize(
    "key", ["id", "model", "status", "tools", "parallel_tool_calls"]
)
def test_required_non_null_field_may_not_be_null(key: str) -> None:
    error = decode_error(models.Run, base_run(**{key: None}))

    assert error.path == f"Run.{key}"
    assert str(error) == f"Run.{key}: field may not be null"


@pytest.mark.parametrize("key", ["id", "model", "status", "created_at"])
def test_required_non_null_field_must_be_present(key: str) -> None:
    error = decode_error(models.Run, base_run(**{key: ...}))

    assert error.path == f"Run.{key}"
    assert "required field is missing" in str(error)


def test_optional_non_null_field_may_be_absent_but_not_null() -> None:
    # CreateRunRequest.parallel_tool_calls: may be left out, never null
    body = models.CreateRunRequest.from_dict({"assistant_id": "asst_1"})
    assert body.parallel_tool_calls is UNSET

    error = decode_error(
        models.CreateRunRequest, {"assistant_id": "asst_1", "parallel_tool_calls": None}
    )
    assert error.path == "CreateRunRequest.parallel_tool_calls"
    assert "may not be null" in str(error)


# --- Unknown fields ----------------------------------------------------------------------


def test_unknown_top_level_fields_are_kept_and_written_back_in_payload_order() -> None:
    payload = base_run()
    payload["zeta_feature"] = {"enabled": True}
    payload["alpha_count"] = 3
    payload["beta_list"] = [1, "two", None]

    run = models.Run.from_dict(payload)

    assert run.unknown_fields == {
        "zeta_feature": {"enabled": True},
        "alpha_count": 3,
        "beta_list": [1, "two", None],
    }
    assert list(run.unknown_fields) == ["zeta_feature", "alpha_count", "beta_list"]
    out = run.to_dict()
    assert [key for key in out if key not in models.Run.FIELD_NAMES] == [
        "zeta_feature",
        "alpha_count",
        "beta_list",
    ]
    assert canonical(out) == canonical(payload)


def test_unknown_nested_fields_are_kept_at_every_level() -> None:
    payload = requires_action_run()
    payload["usage"] = {
        "completion_tokens": 1,
        "prompt_tokens": 2,
        "total_tokens": 3,
        "cached_tokens": 7,
    }
    payload["tools"] = [{"type": "code_interpreter", "sandbox": "v2"}]
    call = payload["required_action"]["submit_tool_outputs"]["tool_calls"][0]
    call["function"]["namespace"] = "weather"

    run = models.Run.from_dict(payload)

    assert run.usage is not None and run.usage.unknown_fields == {"cached_tokens": 7}
    tool = run.tools[0]
    assert isinstance(tool, models.CodeInterpreterTool)
    assert tool.unknown_fields == {"sandbox": "v2"}
    assert isinstance(run.required_action, models.RunRequiredAction)
    function = run.required_action.submit_tool_outputs.tool_calls[0].function
    assert function.unknown_fields == {"namespace": "weather"}
    assert canonical(run.to_dict()) == canonical(payload)


def test_unknown_fields_before_between_and_after_declared_ones_are_all_kept() -> None:
    # the search for unknown members stops once it has found as many as the payload
    # holds beyond the declared fields it carries: none may be missed wherever it is
    declared = base_run(
        usage={"completion_tokens": 1, "prompt_tokens": 2, "total_tokens": 3}
    )
    middle = len(declared) // 2
    payload: dict[str, Any] = {"first_extra": 1}
    for index, (key, value) in enumerate(declared.items()):
        payload[key] = value
        if index == middle:
            payload["middle_extra"] = [2]
    payload["last_extra"] = None
    payload["usage"] = {"extra": {}, **payload["usage"], "later": "x"}

    run = models.Run.from_dict(payload)

    assert list(run.unknown_fields.items()) == [
        ("first_extra", 1),
        ("middle_extra", [2]),
        ("last_extra", None),
    ]
    assert run.usage is not None and run.usage.unknown_fields == {
        "extra": {},
        "later": "x",
    }
    assert canonical(run.to_dict()) == canonical(payload)


def test_a_payload_without_unknown_fields_has_empty_unknown_fields() -> None:
    assert models.Run.from_dict(base_run()).unknown_fields == {}


# --- Open enums --------------------------------------------------------------------------


def test_known_enum_value_decodes_to_the_declared_member() -> None:
    run = models.Run.from_dict(base_run(status="in_progress"))

    assert run.status is models.RunStatus.IN_PROGRESS
    assert run.status.is_known
    assert models.RunStatus("completed") is models.RunStatus.COMPLETED


@pytest.mark.parametrize("member", list(models.RunStatus))
def test_every_declared_member_is_known_and_is_its_string(
    member: models.RunStatus,
) -> None:
    assert member.is_known
    assert member == member.value
    assert models.RunStatus(member.value) is member


def test_unknown_enum_value_is_kept_as_an_unknown_member() -> None:
    run = models.Run.from_dict(base_run(status="teleporting"))

    status = run.status
    assert isinstance(status, models.RunStatus)
    assert status.value == "teleporting"
    assert status.is_known is False
    assert status == "teleporting"
    assert str(status) == "teleporting"
    assert status not in list(models.RunStatus)  # not added to the declared members
    assert run.to_dict()["status"] == "teleporting"
    assert canonical(run.to_dict()) == canonical(base_run(status="teleporting"))


def test_unknown_enum_values_in_nested_models_round_trip() -> None:
    payload = base_run(
        last_error={"code": "quota_exceeded", "message": "out of credit"},
        incomplete_details={"reason": "max_wall_clock"},
        truncation_strategy={"type": "smart", "last_messages": None},
    )

    run = models.Run.from_dict(payload)

    assert run.last_error is not None and not run.last_error.code.is_known
    assert run.incomplete_details is not None
    assert run.incomplete_details.reason == "max_wall_clock"
    assert run.truncation_strategy is not None
    assert run.truncation_strategy.type == "smart"
    assert canonical(run.to_dict()) == canonical(payload)


def test_enum_value_must_be_a_string() -> None:
    error = decode_error(models.Run, base_run(status=3))

    assert error.path == "Run.status"
    assert str(error) == "Run.status: expected a string, got an integer"


# --- Discriminated unions (AssistantTool: told apart by `type`) ---------------------------


@pytest.mark.parametrize(
    ("payload", "cls"),
    [
        ({"type": "code_interpreter"}, models.CodeInterpreterTool),
        ({"type": "file_search"}, models.FileSearchTool),
        (
            {"type": "file_search", "file_search": {"max_num_results": 5}},
            models.FileSearchTool,
        ),
        (
            {"type": "function", "function": {"name": "get_weather", "parameters": {}}},
            models.FunctionTool,
        ),
    ],
    ids=["code_interpreter", "file_search", "file_search-options", "function"],
)
def test_assistant_tool_variant_is_chosen_by_type(
    payload: dict[str, Any], cls: type
) -> None:
    tool = models.assistant_tool_from_dict(payload)

    assert type(tool) is cls
    assert tool.to_dict() == payload


def test_assistant_tools_inside_a_run_decode_to_their_classes() -> None:
    tools = [
        {"type": "code_interpreter"},
        {"type": "file_search"},
        {"type": "function", "function": {"name": "f"}},
    ]
    run = models.Run.from_dict(base_run(tools=tools))

    assert [type(tool) for tool in run.tools] == [
        models.CodeInterpreterTool,
        models.FileSearchTool,
        models.FunctionTool,
    ]


def test_unknown_discriminator_value_gives_unknown_variant_keeping_the_whole_object() -> (
    None
):
    payload = {"type": "web_browser", "web_browser": {"max_pages": 3}, "beta": True}

    tool = models.assistant_tool_from_dict(payload)

    assert isinstance(tool, UnknownVariant)
    assert tool.data == payload
    assert tool.to_dict() == payload


def test_unknown_variant_round_trips_inside_a_run() -> None:
    payload = base_run(
        tools=[{"type": "code_interpreter"}, {"type": "web_browser", "depth": 2}]
    )

    run = models.Run.from_dict(payload)

    assert isinstance(run.tools[1], UnknownVariant)
    assert canonical(run.to_dict()) == canonical(payload)


def test_missing_discriminator_is_a_decode_error_naming_the_path() -> None:
    error = decode_error(
        models.Run, base_run(tools=[{"type": "code_interpreter"}, {"name": "x"}])
    )

    assert error.path == "Run.tools[1].type"
    assert "discriminator" in str(error)
    assert str(error).startswith("Run.tools[1].type: ")


def test_known_variant_with_bad_fields_reports_the_path_inside_the_variant() -> None:
    error = decode_error(
        models.Run, base_run(tools=[{"type": "function", "function": {"name": 5}}])
    )

    assert error.path == "Run.tools[0].function.name"
    assert str(error) == "Run.tools[0].function.name: expected a string, got an integer"


def test_union_member_must_be_an_object() -> None:
    error = decode_error(models.Run, base_run(tools=["code_interpreter"]))

    assert error.path == "Run.tools[0]"
    assert str(error) == "Run.tools[0]: expected an object, got a string"


# --- Unions told apart by JSON kind ------------------------------------------------------


def test_tool_choice_from_a_string_is_a_mode() -> None:
    choice = models.assistant_tool_choice_option_from_dict("auto")

    assert choice is models.ToolChoiceMode.AUTO
    assert models.Run.from_dict(base_run(tool_choice="required")).tool_choice is (
        models.ToolChoiceMode.REQUIRED
    )


def test_tool_choice_from_an_object_is_a_named_tool() -> None:
    payload = {"type": "function", "function": {"name": "f"}}

    choice = models.assistant_tool_choice_option_from_dict(payload)

    assert isinstance(choice, models.AssistantNamedToolChoice)
    assert choice.type is models.AssistantNamedToolChoiceType.FUNCTION
    assert isinstance(choice.function, models.AssistantNamedToolChoiceFunction)
    assert choice.function.name == "f"
    assert choice.to_dict() == payload

    run = models.Run.from_dict(base_run(tool_choice=payload))
    assert run.tool_choice == choice
    assert run.to_dict()["tool_choice"] == payload


def test_tool_choice_of_the_wrong_kind_is_a_decode_error() -> None:
    error = decode_error(models.Run, base_run(tool_choice=["auto"]))

    assert error.path == "Run.tool_choice"
    assert str(error) == "Run.tool_choice: expected a string or an object, got an array"


def test_response_format_from_a_string_is_a_mode() -> None:
    run = models.Run.from_dict(base_run(response_format="auto"))

    assert run.response_format is models.ResponseFormatMode.AUTO
    assert run.to_dict()["response_format"] == "auto"


@pytest.mark.parametrize(
    ("payload", "cls"),
    [
        ({"type": "text"}, models.ResponseFormatText),
        ({"type": "json_object"}, models.ResponseFormatJsonObject),
        (
            {
                "type": "json_schema",
                "json_schema": {
                    "name": "answer",
                    "schema": {
                        "type": "object",
                        "properties": {"n": {"type": "integer"}},
                    },
                    "strict": True,
                },
            },
            models.ResponseFormatJsonSchema,
        ),
    ],
    ids=["text", "json_object", "json_schema"],
)
def test_response_format_from_an_object_is_chosen_by_type(
    payload: dict[str, Any], cls: type
) -> None:
    response_format = models.assistant_response_format_option_from_dict(payload)

    assert type(response_format) is cls
    assert not isinstance(response_format, models.ResponseFormatMode)
    assert response_format.to_dict() == payload


def test_response_format_json_schema_fields() -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}}
    run = models.Run.from_dict(
        base_run(
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": schema, "strict": None},
            }
        )
    )

    response_format = run.response_format
    assert isinstance(response_format, models.ResponseFormatJsonSchema)
    assert response_format.json_schema.name == "answer"
    assert response_format.json_schema.schema == schema
    assert response_format.json_schema.strict is None
    assert response_format.json_schema.description is UNSET


def test_response_format_of_the_wrong_kind_is_a_decode_error() -> None:
    error = decode_error(models.Run, base_run(response_format=True))

    assert error.path == "Run.response_format"
    assert (
        str(error)
        == "Run.response_format: expected a string or an object, got a boolean"
    )


def test_create_message_content_from_a_string() -> None:
    assert models.create_message_content_from_dict("Hello") == "Hello"

    message = models.CreateMessageRequest.from_dict(
        {"role": "user", "content": "Hello"}
    )
    assert message.content == "Hello"
    assert message.to_dict() == {"role": "user", "content": "Hello"}


def test_create_message_content_from_a_list_of_parts() -> None:
    parts = [
        {"type": "text", "text": "What is in this image?"},
        {"type": "image_file", "image_file": {"file_id": "file_1", "detail": "low"}},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
        {"type": "hologram", "uri": "holo://1"},
    ]

    content = models.create_message_content_from_dict(parts)

    assert isinstance(content, list)
    assert [type(part) for part in content] == [
        models.MessageRequestContentText,
        models.MessageContentImageFile,
        models.MessageContentImageUrl,
        UnknownVariant,
    ]
    message = models.CreateMessageRequest.from_dict({"role": "user", "content": parts})
    assert message.to_dict() == {"role": "user", "content": parts}


def test_create_message_content_of_the_wrong_kind_is_a_decode_error() -> None:
    error = decode_error(
        models.CreateMessageRequest, {"role": "user", "content": {"text": "hi"}}
    )

    assert error.path == "CreateMessageRequest.content"
    assert (
        str(error)
        == "CreateMessageRequest.content: expected a string or an array, got an object"
    )


# --- Decode errors -----------------------------------------------------------------------


def test_decode_error_is_a_value_error_with_path_and_problem() -> None:
    payload = requires_action_run()
    payload["required_action"]["submit_tool_outputs"]["tool_calls"][0]["id"] = 42

    error = decode_error(models.Run, payload)

    assert isinstance(error, ValueError)
    assert error.path == "Run.required_action.submit_tool_outputs.tool_calls[0].id"
    assert error.problem == "expected a string, got an integer"
    assert str(error) == (
        "Run.required_action.submit_tool_outputs.tool_calls[0].id: "
        "expected a string, got an integer"
    )


def test_missing_field_deep_inside_names_the_full_path() -> None:
    payload = requires_action_run()
    del payload["required_action"]["submit_tool_outputs"]["tool_calls"][0]["function"][
        "name"
    ]

    error = decode_error(models.Run, payload)

    assert (
        error.path
        == "Run.required_action.submit_tool_outputs.tool_calls[0].function.name"
    )
    assert error.problem == "required field is missing"


@pytest.mark.parametrize(
    ("changes", "path", "problem"),
    [
        (
            {"created_at": "1699063290"},
            "Run.created_at",
            "expected an integer, got a string",
        ),
        ({"created_at": True}, "Run.created_at", "expected an integer, got a boolean"),
        ({"created_at": 1.5}, "Run.created_at", "expected an integer, got a number"),
        (
            {"max_prompt_tokens": False},
            "Run.max_prompt_tokens",
            "expected an integer, got a boolean",
        ),
        ({"id": 123}, "Run.id", "expected a string, got an integer"),
        ({"model": ["gpt-4o"]}, "Run.model", "expected a string, got an array"),
        (
            {"tools": {"type": "code_interpreter"}},
            "Run.tools",
            "expected an array, got an object",
        ),
        (
            {"parallel_tool_calls": 1},
            "Run.parallel_tool_calls",
            "expected a boolean, got an integer",
        ),
        ({"temperature": "1"}, "Run.temperature", "expected a number, got a string"),
        ({"temperature": True}, "Run.temperature", "expected a number, got a boolean"),
        ({"metadata": {"k": 1}}, "Run.metadata.k", "expected a string, got an integer"),
        ({"metadata": ["k"]}, "Run.metadata", "expected an object, got an array"),
        ({"usage": 5}, "Run.usage", "expected an object, got an integer"),
        ({"object": "thread"}, "Run.object", "expected 'thread.run', got 'thread'"),
        (
            {"truncation_strategy": {"type": "auto", "last_messages": "2"}},
            "Run.truncation_strategy.last_messages",
            "expected an integer, got a string",
        ),
    ],
    ids=lambda value: (
        value if isinstance(value, str) and value.startswith("Run.") else None
    ),
)
def test_wrong_types_are_decode_errors(
    changes: dict[str, Any], path: str, problem: str
) -> None:
    error = decode_error(models.Run, base_run(**changes))

    assert error.path == path
    assert error.problem == problem
    assert str(error) == f"{path}: {problem}"


@pytest.mark.parametrize("payload", [None, [], "run", 1, True])
def test_a_payload_that_is_not_an_object_is_a_decode_error(payload: Any) -> None:
    error = decode_error(models.Run, payload)

    assert error.path == "Run"
    assert error.problem.startswith("expected an object, got ")


def test_decoding_a_nested_model_on_its_own_names_that_model() -> None:
    error = decode_error(
        models.RunToolCall, {"id": "c", "type": "function", "function": {}}
    )

    assert error.path == "RunToolCall.function.name"


def test_true_is_not_accepted_as_an_integer() -> None:
    for value in (True, False):
        with pytest.raises(DecodeError, match="expected an integer, got a boolean"):
            models.Run.from_dict(base_run(expires_at=value))


@pytest.mark.parametrize("value", [1, 0, 2, 1.0, 0.5, 0.0])
def test_numbers_accept_ints_and_keep_their_json_form(value: float) -> None:
    run = models.Run.from_dict(base_run(temperature=value, top_p=value))

    assert run.temperature == value
    assert type(run.temperature) is type(value)
    out = run.to_dict()
    assert json.dumps(out["temperature"]) == json.dumps(
        value
    )  # 1 stays 1, 1.0 stays 1.0
    assert canonical(out) == canonical(base_run(temperature=value, top_p=value))


def test_int_and_float_stay_apart_after_a_round_trip() -> None:
    run_int = models.Run.from_dict(base_run(temperature=1))
    run_float = models.Run.from_dict(base_run(temperature=1.0))

    assert json.dumps(run_int.to_dict()["temperature"]) == "1"
    assert json.dumps(run_float.to_dict()["temperature"]) == "1.0"


# --- Building models in code --------------------------------------------------------------


def test_code_interpreter_tool_needs_no_arguments() -> None:
    tool = models.CodeInterpreterTool()

    assert tool.type == "code_interpreter"
    assert tool.to_dict() == {"type": "code_interpreter"}


def test_models_take_keyword_arguments_only() -> None:
    with pytest.raises(TypeError):
        models.FunctionDefinition("get_weather")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        models.CodeInterpreterTool("code_interpreter")  # type: ignore[call-arg]

    definition = models.FunctionDefinition(name="get_weather")
    assert definition.to_dict() == {"name": "get_weather"}


def test_required_fields_must_be_given_in_code() -> None:
    with pytest.raises(TypeError):
        models.CreateRunRequest()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        models.FunctionTool()  # type: ignore[call-arg]


def test_fields_left_out_in_code_are_unset() -> None:
    body = models.CreateRunRequest(assistant_id="asst_1")

    assert body.model is UNSET
    assert body.tools is UNSET
    assert body.unknown_fields == {}
    assert body.to_dict() == {"assistant_id": "asst_1"}


def test_create_run_request_built_in_code_serialises_to_the_api_json() -> None:
    body = models.CreateRunRequest(
        assistant_id="asst_abc123",
        model=None,  # explicitly null: use the assistant's model
        reasoning_effort=models.ReasoningEffort.LOW,
        additional_instructions="Answer in French.",
        additional_messages=[
            models.CreateMessageRequest(
                role=models.CreateMessageRequestRole.USER,
                content="What is the weather in Oslo?",
            ),
            models.CreateMessageRequest(
                role=models.CreateMessageRequestRole.USER,
                content=[
                    models.MessageRequestContentText(text="And in this picture?"),
                    models.MessageContentImageFile(
                        image_file=models.ImageFile(
                            file_id="file_img", detail=models.ImageDetail.HIGH
                        )
                    ),
                ],
                attachments=[
                    models.MessageAttachment(
                        file_id="file_csv",
                        tools=[
                            models.CodeInterpreterTool(),
                            models.FileSearchToolTypeOnly(),
                        ],
                    )
                ],
                metadata={"source": "test"},
            ),
        ],
        tools=[
            models.CodeInterpreterTool(),
            models.FileSearchTool(
                file_search=models.FileSearchToolOptions(max_num_results=5)
            ),
            models.FunctionTool(
                function=models.FunctionDefinition(
                    name="get_weather",
                    description="Current weather for a city.",
                    parameters={
                        "type": "object",
                        "properties": {"city": {"type": "string"}},
                        "required": ["city"],
                    },
                    strict=True,
                )
            ),
        ],
        metadata=None,
        temperature=0.2,
        top_p=1,
        stream=False,
        max_completion_tokens=None,
        truncation_strategy=models.TruncationStrategy(
            type=models.TruncationStrategyType.LAST_MESSAGES, last_messages=10
        ),
        tool_choice=models.AssistantNamedToolChoice(
            type=models.AssistantNamedToolChoiceType.FUNCTION,
            function=models.AssistantNamedToolChoiceFunction(name="get_weather"),
        ),
        parallel_tool_calls=False,
        response_format=models.ResponseFormatJsonSchema(
            json_schema=models.JsonSchemaFormat(
                name="weather", schema={"type": "object"}, strict=True
            )
        ),
    )

    expected = {
        "assistant_id": "asst_abc123",
        "model": None,
        "reasoning_effort": "low",
        "additional_instructions": "Answer in French.",
        "additional_messages": [
            {"role": "user", "content": "What is the weather in Oslo?"},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "And in this picture?"},
                    {
                        "type": "image_file",
                        "image_file": {"file_id": "file_img", "detail": "high"},
                    },
                ],
                "attachments": [
                    {
                        "file_id": "file_csv",
                        "tools": [
                            {"type": "code_interpreter"},
                            {"type": "file_search"},
                        ],
                    }
                ],
                "metadata": {"source": "test"},
            },
        ],
        "tools": [
            {"type": "code_interpreter"},
            {"type": "file_search", "file_search": {"max_num_results": 5}},
            {
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "description": "Current weather for a city.",
                    "parameters": {
                        "type": "object",
                        "properties": {"city": {"type": "string"}},
                        "required": ["city"],
                    },
                    "strict": True,
                },
            },
        ],
        "metadata": None,
        "temperature": 0.2,
        "top_p": 1,
        "stream": False,
        "max_completion_tokens": None,
        "truncation_strategy": {"type": "last_messages", "last_messages": 10},
        "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
        "parallel_tool_calls": False,
        "response_format": {
            "type": "json_schema",
            "json_schema": {
                "name": "weather",
                "schema": {"type": "object"},
                "strict": True,
            },
        },
    }
    out = body.to_dict()
    assert canonical(out) == canonical(expected)
    # fields never set are left out, not sent as null
    for key in ("instructions", "max_prompt_tokens"):
        assert key not in out
    # and the JSON decodes back to an equal request
    assert models.CreateRunRequest.from_dict(json.loads(json.dumps(out))) == body


def test_modes_built_in_code_serialise_as_strings() -> None:
    body = models.CreateRunRequest(
        assistant_id="asst_1",
        tool_choice=models.ToolChoiceMode.NONE,
        response_format=models.ResponseFormatMode.AUTO,
        tools=None,
    )

    assert body.to_dict() == {
        "assistant_id": "asst_1",
        "tool_choice": "none",
        "response_format": "auto",
        "tools": None,
    }


# --- Equality ----------------------------------------------------------------------------


@pytest.mark.parametrize("label", sorted(SEED_RUNS))
def test_decoding_the_same_payload_twice_gives_equal_objects(label: str) -> None:
    payload = SEED_RUNS[label]

    first = models.Run.from_dict(copy.deepcopy(payload))
    second = models.Run.from_dict(copy.deepcopy(payload))

    assert first == second
    assert first is not second


def test_equality_covers_unknown_fields_and_unknown_enum_values() -> None:
    with_extra = base_run(status="teleporting")
    with_extra["beta"] = 1

    assert models.Run.from_dict(with_extra) == models.Run.from_dict(
        copy.deepcopy(with_extra)
    )
    assert models.Run.from_dict(with_extra) != models.Run.from_dict(
        base_run(status="teleporting")
    )
    assert models.Run.from_dict(base_run(status="teleporting")) != models.Run.from_dict(
        base_run(status="warping")
    )


def test_absent_and_null_are_not_equal() -> None:
    absent = models.Run.from_dict(base_run(temperature=...))
    null = models.Run.from_dict(base_run(temperature=None))

    assert absent != null


# --- Property-based round trip -----------------------------------------------------------

ABSENT = object()
"""Marks a generated optional member that is left out of the object."""

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=6,
)
strings = st.text(max_size=10)
timestamps = st.integers(min_value=0, max_value=2**40)
numbers = st.integers(min_value=0, max_value=2) | st.floats(
    min_value=0, max_value=2, allow_nan=False
)


def enum_values(enum: type[models.OpenEnum]) -> st.SearchStrategy[str]:
    """Declared values and, as often, strings the spec does not know."""
    known = [member.value for member in enum]
    return st.sampled_from(known) | st.text(min_size=1, max_size=12).filter(
        lambda value: value not in known
    )


def objects(
    model: Any,
    required: dict[str, st.SearchStrategy[Any]],
    optional: dict[str, st.SearchStrategy[Any]] | None = None,
    *,
    extras: int = 1,
    extra_values: st.SearchStrategy[Any] = json_scalars,
) -> st.SearchStrategy[dict[str, Any]]:
    """JSON objects for `model`: required members, optional members present or absent,
    and up to `extras` members (`extra_values`) that the model does not declare."""
    optional = optional or {}
    extra_keys = st.text(min_size=1, max_size=10).filter(
        lambda key: key not in model.FIELD_NAMES
    )

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        data = {key: draw(strategy) for key, strategy in required.items()}
        for key, strategy in optional.items():
            value = draw(st.just(ABSENT) | strategy)
            if value is not ABSENT:
                data[key] = value
        data.update(draw(st.dictionaries(extra_keys, extra_values, max_size=extras)))
        return data

    return build()


def unknown_variants(known_tags: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    tags = st.text(min_size=1, max_size=12).filter(lambda tag: tag not in known_tags)
    return st.builds(
        lambda tag, rest: {**rest, "type": tag},
        tags,
        st.dictionaries(st.text(max_size=6), json_values, max_size=2),
    )


metadata = st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3)
assistant_tools = st.one_of(
    objects(models.CodeInterpreterTool, {"type": st.just("code_interpreter")}),
    objects(
        models.FileSearchTool,
        {"type": st.just("file_search")},
        {
            "file_search": objects(
                models.FileSearchToolOptions,
                {},
                {
                    "max_num_results": st.integers(1, 50),
                    "ranking_options": objects(
                        models.FileSearchRankingOptions,
                        {"score_threshold": numbers},
                        {"ranker": enum_values(models.FileSearchRanker)},
                    ),
                },
            )
        },
    ),
    objects(
        models.FunctionTool,
        {
            "type": st.just("function"),
            "function": objects(
                models.FunctionDefinition,
                {"name": strings},
                {
                    "description": strings,
                    "parameters": st.dictionaries(strings, json_values, max_size=3),
                    "strict": st.none() | st.booleans(),
                },
            ),
        },
    ),
    unknown_variants(["code_interpreter", "file_search", "function"]),
)
tool_choices = (
    st.none()
    | enum_values(models.ToolChoiceMode)
    | objects(
        models.AssistantNamedToolChoice,
        {"type": enum_values(models.AssistantNamedToolChoiceType)},
        {
            "function": objects(
                models.AssistantNamedToolChoiceFunction, {"name": strings}
            )
        },
    )
)
response_formats = st.one_of(
    st.none(),
    enum_values(models.ResponseFormatMode),
    objects(models.ResponseFormatText, {"type": st.just("text")}),
    objects(models.ResponseFormatJsonObject, {"type": st.just("json_object")}),
    objects(
        models.ResponseFormatJsonSchema,
        {
            "type": st.just("json_schema"),
            "json_schema": objects(
                models.JsonSchemaFormat,
                {"name": strings},
                {
                    "description": strings,
                    "schema": st.dictionaries(strings, json_values, max_size=3),
                    "strict": st.none() | st.booleans(),
                },
            ),
        },
    ),
    unknown_variants(["text", "json_object", "json_schema"]),
)
tool_calls = objects(
    models.RunToolCall,
    {
        "id": strings,
        "type": st.just("function"),
        "function": objects(
            models.RunToolCallFunction, {"name": strings, "arguments": strings}
        ),
    },
)
run_payloads = objects(
    models.Run,
    required={
        "id": strings,
        "object": st.just("thread.run"),
        "created_at": timestamps,
        "thread_id": strings,
        "assistant_id": strings,
        "status": enum_values(models.RunStatus),
        "last_error": st.none()
        | objects(
            models.RunLastError,
            {"code": enum_values(models.RunLastErrorCode), "message": strings},
        ),
        "expires_at": st.none() | timestamps,
        "started_at": st.none() | timestamps,
        "cancelled_at": st.none() | timestamps,
        "failed_at": st.none() | timestamps,
        "completed_at": st.none() | timestamps,
        "incomplete_details": st.none()
        | objects(
            models.RunIncompleteDetails,
            {},
            {"reason": enum_values(models.RunIncompleteDetailsReason)},
        ),
        "model": strings,
        "instructions": st.none() | strings,
        "tools": st.lists(assistant_tools, max_size=2),
        "metadata": st.none() | metadata,
        "usage": st.none()
        | objects(
            models.RunCompletionUsage,
            {
                "completion_tokens": timestamps,
                "prompt_tokens": timestamps,
                "total_tokens": timestamps,
            },
        ),
        "max_prompt_tokens": st.none() | st.integers(min_value=256),
        "max_completion_tokens": st.none() | st.integers(min_value=256),
        "truncation_strategy": st.none()
        | objects(
            models.TruncationStrategy,
            {"type": enum_values(models.TruncationStrategyType)},
            {"last_messages": st.none() | st.integers(min_value=1, max_value=100)},
        ),
        "tool_choice": tool_choices,
        "parallel_tool_calls": st.booleans(),
        "response_format": response_formats,
    },
    optional={
        "required_action": st.none()
        | objects(
            models.RunRequiredAction,
            {
                "type": st.just("submit_tool_outputs"),
                "submit_tool_outputs": objects(
                    models.RunSubmitToolOutputs,
                    {"tool_calls": st.lists(tool_calls, max_size=2)},
                ),
            },
        ),
        "temperature": st.none() | numbers,
        "top_p": st.none() | numbers,
    },
    extras=3,
    extra_values=json_values,
)

property_settings = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@property_settings
@given(run_payloads)
def test_any_valid_run_payload_round_trips(payload: dict[str, Any]) -> None:
    run = models.Run.from_dict(payload)

    assert canonical(run.to_dict()) == canonical(payload)
    assert models.Run.from_dict(run.to_dict()) == run
    for key in ("required_action", "temperature", "top_p"):
        assert (getattr(run, key) is UNSET) == (key not in payload)


def json_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The paths of every member and item inside `value`."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += json_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += json_paths(item, (*path, index))
    return found


@st.composite
def damaged_run_payloads(draw: st.DrawFn) -> dict[str, Any]:
    """A valid Run payload with one member replaced by arbitrary JSON or removed."""
    payload: dict[str, Any] = copy.deepcopy(
        draw(st.sampled_from(sorted(SEED_RUNS.values(), key=canonical)))
    )
    path = draw(st.sampled_from(json_paths(payload)))
    parent = payload
    for step in path[:-1]:
        parent = parent[step]
    if isinstance(parent, dict) and draw(st.booleans()):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(json_values)
    return payload


@property_settings
@given(damaged_run_payloads())
def test_a_damaged_payload_either_round_trips_or_raises_decode_error(
    payload: dict[str, Any],
) -> None:
    try:
        run = models.Run.from_dict(payload)
    except DecodeError as error:  # never KeyError, TypeError, AttributeError...
        assert str(error).startswith("Run")
        assert error.path.startswith("Run")
        return
    assert canonical(run.to_dict()) == canonical(payload)


def test_a_discriminator_that_is_not_a_string_is_a_decode_error() -> None:
    with pytest.raises(models.DecodeError) as caught:
        models.assistant_tool_from_dict({"type": 5}, "Run.tools[0]")
    assert str(caught.value) == "Run.tools[0].type: expected a string, got an integer"
    with pytest.raises(models.DecodeError, match=r"Run.tools\[0\].type: expected a string, got null"):
        models.assistant_tool_from_dict({"type": None}, "Run.tools[0]")
