"""Names Python gives a meaning to, as of Python 3.11 (the oldest the generator runs on).

Frozen here rather than read from `keyword` and `builtins` at run time, so that generated
code does not depend on which Python runs the generator: Python 3.12 made `type` a soft
keyword, which would otherwise rename every field called `type`.
"""

from __future__ import annotations

import keyword

KEYWORDS = frozenset(keyword.kwlist)  # unchanged since Python 3.7
SOFT_KEYWORDS = frozenset({"_", "case", "match"})

# dir(builtins) without dunders; `True`, `False` and `None` are also keywords
BUILTINS = frozenset(
    """
    ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup
    BlockingIOError BrokenPipeError BufferError BytesWarning ChildProcessError
    ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError
    DeprecationWarning EOFError Ellipsis EncodingWarning EnvironmentError Exception
    ExceptionGroup False FileExistsError FileNotFoundError FloatingPointError
    FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError
    IndexError InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError
    MemoryError ModuleNotFoundError NameError None NotADirectoryError NotImplemented
    NotImplementedError OSError OverflowError PendingDeprecationWarning PermissionError
    ProcessLookupError RecursionError ReferenceError ResourceWarning RuntimeError
    RuntimeWarning StopAsyncIteration StopIteration SyntaxError SyntaxWarning
    SystemError SystemExit TabError TimeoutError True TypeError UnboundLocalError
    UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError
    UnicodeWarning UserWarning ValueError Warning ZeroDivisionError abs aiter all anext
    any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile
    complex copyright credits delattr dict dir divmod enumerate eval exec exit filter
    float format frozenset getattr globals hasattr hash help hex id input int isinstance
    issubclass iter len license list locals map max memoryview min next object oct open
    ord pow print property quit range repr reversed round set setattr slice sorted
    staticmethod str sum super tuple type vars zip
    """.split()
)

# what a local or parameter must not be called: the above, `__debug__` (assigning it is a
# SyntaxError) and the names methods use for their own first parameter
NOT_FOR_LOCALS = KEYWORDS | SOFT_KEYWORDS | BUILTINS | {"__debug__", "self", "cls"}

# Names the models module of a built-in Python style binds besides the models (its
# imports), and Python's constants: a model of the same name would replace one of them.
# Kept in step with the styles by tests/test_python_names.py.
# Capitalized builtins are refused too: `from_dict` catches `KeyError`, and a model named
# like a builtin would hide it from whoever star-imports the models.
MODELS_MODULE_NAMES = frozenset(
    {"None", "True", "False"}
    | {"Any", "ClassVar", "DecodeError", "Literal", "OpenEnum", "TypeAlias", "UNSET", "UnknownVariant", "Unset"}
    | {"Annotated", "BaseModel", "ConfigDict", "Field", "StringConstraints", "TypeAliasType"}  # python-pydantic
    | {"NullableFieldsModel", "TYPE_CHECKING"}  # python-pydantic
    | {name for name in BUILTINS if name[:1].isupper()}
)

# Names a model's class body binds or reads besides its fields: a field named like one
# gets a `_` suffix in Python (see `py_name`). A class-level name hides the module-level
# one for the rest of the class body: `field: str` would make `unknown_fields`'s
# `field(...)` call the field, `str: str` would make mypy read later `str` annotations
# as the field. `_HAS_DEFAULT_FACTORY` and `_dflt_unknown_fields` are what the
# `__init__` that dataclasses writes reads besides its parameters.
MODEL_ATTRIBUTE_NAMES = frozenset(
    {"unknown_fields", "from_dict", "to_dict", "to_json", "FIELD_NAMES", "field", "dataclass", "_serde"}
    | {"str", "int", "float", "bool", "list", "dict", "frozenset"}
    | {"Any", "ClassVar", "Literal", "TypeAlias", "Unset", "UNSET", "DecodeError", "OpenEnum", "UnknownVariant"}
    | {"_HAS_DEFAULT_FACTORY", "_dflt_unknown_fields"}
)

# What an operation (or a method derived from one: `<op>_stream`, `poll_<poll>`,
# `<op>_and_poll`) may not be called: the client's own attributes and methods, and the
# lower-case names the client module binds or writes in annotations, which a method of
# that name would hide from mypy in the rest of the class. Names starting with `_` are
# refused as a whole (the client's private machinery). Kept in step with the templates
# by tests/test_name_collisions.py.
CLIENT_NAMES = frozenset(
    {"api_key", "base_url", "close", "copy", "max_retries", "response_limits", "timeout", "with_options"}
    | {"with_raw_response"}
    | {"annotations", "async_raw_response_wrapper", "events", "functools", "httpx", "models", "path_parameter"}
    | {"raw_response_wrapper", "bool", "dict", "float", "int", "list", "object", "str", "type"}
    | {"raw_stream_wrapper", "async_raw_stream_wrapper"}
)

# The keywords of a client's constructor and of its `copy`, which the options the spec
# adds (`api.client_headers`) join: an option may not be called like one of them.
CLIENT_OPTION_NAMES = frozenset(
    {"api_key", "base_url", "timeout", "max_retries", "http_client", "default_headers", "default_query"}
    | {"response_limits", "set_default_headers", "set_default_query"}
    | {"changes"}  # the local `copy` collects them in
)

# The names the events module binds besides what it derives from streams and events.
EVENTS_MODULE_NAMES = frozenset(
    {"AsyncIterator", "Callable", "Iterator", "Mapping", "Sequence", "Any", "ClassVar", "Literal", "TypeAlias"}
    | {"DecodeError", "OpenEnum", "AsyncStream", "Stream", "StreamKind", "UnknownEvent"}
    | {"inspect", "Awaitable", "Iterable", "EventHandler", "AsyncEventHandler", "IncompleteStreamError", "Snapshot", "UNSET"}
    | {"io", "text_buffer"}
)
