"""Keyword arguments renamed in the public API, kept working for one release."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def renamed_keyword(old: str, new: str, since: str = "0.2") -> Callable[[F], F]:
    """Accept ``old=`` as a deprecated spelling of ``new=`` (with a :class:`DeprecationWarning`)."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if old in kwargs:
                if new in kwargs:
                    raise TypeError(f"{function.__qualname__}() got both {old!r} and {new!r}")
                warnings.warn(
                    f"{function.__qualname__}({old}=...) is deprecated since territory {since}; "
                    f"use {new}=...",
                    DeprecationWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
