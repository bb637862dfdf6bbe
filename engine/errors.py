"""One exception hierarchy for every error a user can cause, with PySpark 4's class names.

Each error carries an optional Spark error class (``UNRESOLVED_COLUMN.WITH_SUGGESTION``,
``DIVIDE_BY_ZERO``, ...) and message parameters, so code written against
``pyspark.errors`` can inspect them the same way.
"""

from __future__ import annotations

import functools
import re

from engine.sql_states import JVM_STATES, JVM_TEMPLATES, PYTHON_STATES, PYTHON_TEMPLATES

_STATE_AT = re.compile(r" SQLSTATE: [0-9A-Z]{5}")


class PySparkException(Exception):
    """Base of every engine error; named as in PySpark so ``except`` clauses port unchanged.

    The message may be given bare or in Spark's printed shape (``[CLASS] text SQLSTATE: 42703``
    followed by a position or ``== SQL ==`` context); it is taken apart once here so
    ``getMessage()`` and ``str()`` print it as PySpark does whatever shape the raiser used.
    """

    # Errors PySpark raises in Python print no SQLSTATE and take their state from PySpark's
    # own table; the others mirror errors Spark raises in the JVM.
    _python_side = False

    def __init__(
        self,
        message: str = "",
        error_class: str | None = None,
        message_parameters: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.error_class = error_class
        self.message_parameters = dict(message_parameters or {})
        self._prefix, self._text, self._context = _split_message(message, error_class)

    def getErrorClass(self) -> str | None:  # noqa: N802 - PySpark name
        return self.error_class

    def getCondition(self) -> str | None:  # noqa: N802 - PySpark 4 name
        return self.error_class

    def getMessageParameters(self) -> dict[str, str] | None:  # noqa: N802 - PySpark name
        """The message's parameters; None for an error without a class, as PySpark. An error
        raised with its text only gets them read back from the text by Spark's template."""
        if self.error_class is None:
            return None
        if self.message_parameters:
            return dict(self.message_parameters)
        return parameters_from_text(self.error_class, self._text, python_side=self._python_side)

    def getSqlState(self) -> str | None:  # noqa: N802 - PySpark name
        """Spark's SQLSTATE of the error class (a sub-class takes its parent's), else None."""
        return sql_state(self.error_class, python_side=self._python_side)

    def getMessage(self) -> str:  # noqa: N802 - PySpark name
        """``[CLASS] text SQLSTATE: xxxxx`` without position or plan, as PySpark's getMessage()."""
        return self._head()

    def _head(self) -> str:
        if not self.error_class or self.error_class.startswith("_LEGACY_"):
            return self._prefix + self._text  # Spark prints legacy classes without the prefix
        state = None if self._python_side else self.getSqlState()
        return self._prefix + self._text + (f" SQLSTATE: {state}" if state else "")

    def __reduce__(self) -> tuple[object, ...]:
        """Pickles with its ``__cause__`` (plain exception pickling drops it), so an error raised
        on an executor process still carries the user's original exception."""
        cause = self.__cause__
        try:
            import pickle

            pickle.dumps(cause)
        except Exception:
            cause = None
        return (_rebuild, (type(self), self.message, self.error_class, self.message_parameters, cause, self.__notes__ if hasattr(self, "__notes__") else None))

    def __str__(self) -> str:
        return self._head() + self._context


def sql_state(error_class: str | None, *, python_side: bool = False) -> str | None:
    """Spark's SQLSTATE for `error_class`: the sub-class's own if it has one, else its parent's.

    >>> sql_state("UNRESOLVED_COLUMN.WITH_SUGGESTION")
    '42703'
    """
    if not error_class:
        return None
    table = PYTHON_STATES if python_side else JVM_STATES
    return table.get(error_class) or table.get(error_class.split(".", 1)[0])


def parameters_from_text(error_class: str, text: str, *, python_side: bool = False) -> dict[str, str]:
    """The parameters of `error_class`'s message template that make it read `text`; {} when the
    class has no template with parameters or the text does not follow it.

    >>> parameters_from_text("UNRESOLVED_COLUMN_AMONG_FIELD_NAMES", 'Cannot resolve column name "x" among (a).')
    {'colName': 'x', 'fieldNames': 'a'}
    """
    pattern = _template_pattern(error_class, python_side)
    found = pattern.fullmatch(text) if pattern is not None else None
    return found.groupdict() if found is not None else {}


@functools.lru_cache(maxsize=256)
def _template_pattern(error_class: str, python_side: bool) -> re.Pattern[str] | None:
    template = (PYTHON_TEMPLATES if python_side else JVM_TEMPLATES).get(error_class)
    if template is None:
        return None
    parts = re.split(r"<(\w+)>", template)
    seen: set[str] = set()
    regex = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            regex.append(re.escape(part))
        else:
            regex.append(f"(?P={part})" if part in seen else f"(?P<{part}>.*?)")
            seen.add(part)
    return re.compile("".join(regex), re.DOTALL)


def _split_message(message: str, error_class: str | None) -> tuple[str, str, str]:
    """(prefix, text, context) of a message: ``[CLASS] `` (ours or the raiser's own), the text
    up to where Spark prints the SQLSTATE, and what follows it (a position, ``== SQL ==``)."""
    prefix, rest = "", message
    if error_class and not error_class.startswith("_LEGACY_"):
        prefix = f"[{error_class}] "
        if message.startswith(prefix):
            rest = message[len(prefix) :]
        elif message.startswith("["):
            prefix = ""  # the raiser printed another class: keep its text as written
    at = _STATE_AT.search(rest)
    if at is None:
        return prefix, rest, ""
    return prefix, rest[: at.start()], rest[at.end() :]


class AnalysisException(PySparkException):
    """A query refers to something that does not exist or does not type-check."""


class ParseException(AnalysisException):
    """SQL text (or a DDL / expression string) that does not parse.

    Spark's ParseException starts its printed message with a line break, before the class.
    """

    def __str__(self) -> str:
        return "\n" + super().__str__()


class TempTableAlreadyExistsException(AnalysisException):
    """A temp view of that name exists and the call does not replace it."""


class IllegalArgumentException(PySparkException):
    """An argument with a bad value (a bad config, an out-of-range number)."""


class UnsupportedOperationException(PySparkException):
    """A valid request that engine does not (yet) support."""


class SparkRuntimeException(PySparkException):
    """A failure while a job runs that is not the user's data or code."""


class ArithmeticException(SparkRuntimeException):
    """Overflow or division by zero under ANSI mode."""


class NumberFormatException(IllegalArgumentException):
    """A string that does not cast to a number under ANSI mode."""


class ArrayIndexOutOfBoundsException(SparkRuntimeException):
    """An array index outside the array under ANSI mode (INVALID_ARRAY_INDEX...)."""


class DateTimeException(SparkRuntimeException):
    """A string or value that does not cast to a date/timestamp under ANSI mode."""


class SparkNoSuchElementException(PySparkException):
    """A lookup of something that is not there (``spark.conf.get`` of an unknown key): Java's
    NoSuchElementException, as PySpark names it."""


class SparkUpgradeException(PySparkException):
    """Behaviour that changed between Spark versions."""


class PythonException(PySparkException):
    """A user function (UDF) raised; carries the original exception as ``__cause__``.

    An error in the user's own code has the condition PYTHON_EXCEPTION, yet PySpark prints only
    the worker's traceback text, without the ``[PYTHON_EXCEPTION]`` prefix.
    """

    def __str__(self) -> str:
        return self.message if self.error_class == "PYTHON_EXCEPTION" else super().__str__()

    def getMessageParameters(self) -> dict[str, str] | None:  # noqa: N802 - PySpark name
        """PYTHON_EXCEPTION's ``msg`` and ``traceback``: the text before and after the first ``:\n``."""
        if self.error_class == "PYTHON_EXCEPTION" and not self.message_parameters and ":\n" in self.message:
            msg, traceback = self.message.split(":\n", 1)
            return {"msg": msg, "traceback": traceback}
        return super().getMessageParameters()


class QueryExecutionException(PySparkException):
    """A job failed while running (a task failed more than ``spark.task.maxFailures`` times)."""


class PySparkValueError(PySparkException, ValueError):
    """A Python-side argument with a bad value."""

    _python_side = True


class PySparkTypeError(PySparkException, TypeError):
    """A Python-side argument of the wrong type."""

    _python_side = True


class PySparkRuntimeError(PySparkException, RuntimeError):
    """A Python-side failure (session stopped, backend not available)."""

    _python_side = True


class PySparkNotImplementedError(PySparkException, NotImplementedError):
    """An API that engine does not implement; the message names it."""

    _python_side = True


class PySparkAttributeError(PySparkException, AttributeError):
    """Attribute access to a column that does not exist (``df.nope``)."""

    _python_side = True


class PySparkIndexError(PySparkException, IndexError):
    """Index out of range (``Row``, ``StructType``)."""

    _python_side = True


class PySparkAssertionError(PySparkException, AssertionError):
    """An API used out of order (an ``Observation`` read before any observe, or reused)."""

    _python_side = True


def _rebuild(
    cls: type[PySparkException],
    message: str,
    error_class: str | None,
    params: dict[str, str],
    cause: BaseException | None,
    notes: list[str] | None,
) -> PySparkException:
    err = cls.__new__(cls)
    PySparkException.__init__(err, message, error_class, params)
    err.__cause__ = cause
    for note in notes or ():
        err.add_note(note)
    return err


def suggest(name: str, candidates: list[str], limit: int = 5) -> list[str]:
    """Candidates ordered as Spark orders suggestions: by edit distance to `name`, ties in
    alphabetical order (Spark sorts the names before ranking them)."""
    return sorted(sorted(candidates), key=lambda c: _levenshtein(c, name))[:limit]


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
