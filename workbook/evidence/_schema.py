"""The declared schema of the seminar corpus, and its validation.

Each record type (theme, excerpt, figure, question) is a tuple of :class:`Field`
declarations. :func:`check_record` holds one record to its declaration and raises
:class:`CorpusError` naming the file, the record and the field at the first fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = (
    "practice example",
    "initiative",
    "concern",
    "research question",
    "model or framework",
    "figure",
)
NOTES = ("group notes", "plenary")
MAX_QUOTE_WORDS = 30


class CorpusError(ValueError):
    """A corpus file or record does not match the declared schema.

    Attributes:
        file: The file at fault.
        record: The id (or position) of the record at fault, if any.
        field: The field at fault, if any.
        problem: What is wrong, in words.
    """

    def __init__(self, file: str, problem: str, *, record: str | None = None, field: str | None = None):
        self.file, self.record, self.field, self.problem = file, record, field, problem
        where = [file]
        if record is not None:
            where.append(f"record {record!r}")
        if field is not None:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {problem}")


@dataclass(frozen=True)
class Field:
    """One declared field of a record.

    Attributes:
        name: The field's key in the TOML table.
        kind: ``"text"``, ``"int"``, ``"number"``, ``"texts"`` (a list of strings)
            or ``"tables"`` (a list of sub-records).
        required: Whether the field must be present.
        choices: The allowed values, for a text field with a closed vocabulary.
        max_words: The most words a text field may hold.
        doc: What the field means.
    """

    name: str
    kind: str
    required: bool = True
    choices: tuple[str, ...] | None = None
    max_words: int | None = None
    doc: str = ""


THEME = (
    Field("id", "text", doc="Short stable identifier, e.g. 'induction'."),
    Field("name", "text", doc="The theme's name as shown to readers."),
    Field("summary", "text", doc="What the seminar said about it, in our words."),
    Field("prompts", "texts", doc="Reflection prompts for practitioners."),
    Field("dashboards", "texts", required=False, doc="Pages that explore the theme."),
)

FIGURE = (
    Field("label", "text", doc="What the number is."),
    Field("value", "number", doc="The number as the notes state it."),
    Field("unit", "text", doc="Its unit, e.g. '%' or 'minutes'."),
    Field("status", "text", doc="Whether it could be checked against a published source."),
)

_PLACE = (
    Field("source", "text", doc="The seed file's name."),
    Field("notes", "text", choices=NOTES, doc="Which notes: group notes or plenary."),
    Field("section", "text", doc="The section heading, exactly as in the notes."),
    Field("paragraph", "int", doc="The paragraph, item or bullet number within the section."),
)

EXCERPT = (
    Field("id", "text", doc="Unique id, 'g-NN' for group notes, 'p-NN' for the plenary."),
    *_PLACE,
    Field("quote", "text", max_words=MAX_QUOTE_WORDS, doc="Verbatim words from that paragraph."),
    Field("paraphrase", "text", doc="What the passage means, in our words."),
    Field("themes", "texts", doc="Theme ids, most relevant first."),
    Field("kind", "text", choices=KINDS, doc="What sort of evidence it is."),
    Field("figures", "tables", required=False, doc="Numbers the passage states."),
)

QUESTION = (
    Field("id", "text", doc="Unique id, 'q-<slug>'."),
    Field("text", "text", doc="The open question."),
    *_PLACE,
    Field("themes", "texts", doc="Theme ids."),
    Field("why_open", "text", doc="Why it is still open and what would help answer it."),
    Field("dashboards", "texts", required=False, doc="Pages that could explore it."),
)

_TYPES = {
    "text": (str,),
    "int": (int,),
    "number": (int, float),
}


def check_record(record: Any, fields: tuple[Field, ...], *, file: str, record_id: str) -> dict:
    """Hold one record to its declared fields.

    Args:
        record: The record as parsed from TOML.
        fields: Its declaration (``THEME``, ``EXCERPT``, ``FIGURE`` or ``QUESTION``).
        file: The file it came from, for the error message.
        record_id: How to name the record in an error (its id, or its position).

    Returns:
        The record, with optional list fields defaulted to empty lists.

    Raises:
        CorpusError: On the first missing, unknown, mistyped or out-of-range field.

    Example:
        >>> check_record({"label": "target", "value": 70, "unit": "%", "status": "ok"},
        ...              FIGURE, file="f.toml", record_id="g-01")["value"]
        70
    """
    if not isinstance(record, dict):
        raise CorpusError(file, "is not a table of fields", record=record_id)
    declared = {f.name for f in fields}
    for name in record:
        if name not in declared:
            expected = f"unknown field; expected one of {sorted(declared)}"
            raise CorpusError(file, expected, record=record_id, field=name)
    checked = dict(record)
    for spec in fields:
        if spec.name not in record:
            if spec.required:
                raise CorpusError(file, "is missing", record=record_id, field=spec.name)
            checked[spec.name] = []
            continue
        checked[spec.name] = _check_value(record[spec.name], spec, file=file, record_id=record_id)
    return checked


def _check_value(value: Any, spec: Field, *, file: str, record_id: str) -> Any:
    def fail(problem: str) -> CorpusError:
        return CorpusError(file, problem, record=record_id, field=spec.name)

    if spec.kind in _TYPES:
        if isinstance(value, bool) or not isinstance(value, _TYPES[spec.kind]):
            raise fail(f"should be {spec.kind}, not {type(value).__name__} {value!r}")
        if spec.kind == "text":
            if not value.strip():
                raise fail("is empty")
            if spec.choices and value not in spec.choices:
                raise fail(f"{value!r} is not one of {list(spec.choices)}")
            if spec.max_words and len(value.split()) > spec.max_words:
                raise fail(f"has {len(value.split())} words; at most {spec.max_words}")
        return value
    if not isinstance(value, list):
        raise fail(f"should be a list, not {type(value).__name__}")
    if spec.kind == "texts":
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise fail(f"holds {item!r}; every entry should be non-empty text")
        return value
    return [
        check_record(item, FIGURE, file=file, record_id=f"{record_id} {spec.name}[{i}]")
        for i, item in enumerate(value)
    ]
