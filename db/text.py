"""The one rule for stored text: no control characters but tab and newline, and no lone surrogates.

Whatever passes `clean` is valid in XML 1.0 (so in GEXF, GraphML, .docx and .xlsx files), encodes
as UTF-8 and JSON, and reads the same on every system: a carriage return ("\\r\\n" from Windows, a
lone "\\r" from an old Mac) becomes a newline; every other control character (C0 but tab and
newline, DEL, C1), every lone surrogate (which a command-line argument in a wrong encoding or a
workbook's "_xD800_" can carry) and the two non-characters XML forbids (U+FFFE, U+FFFF) are
removed. Removed, not refused: an imported file of a thousand rows should not fail on an invisible
character a spreadsheet put there.

`install` makes every mapped text column apply the rule whenever a value is set on it, so every
form, service and importer that goes through the ORM stores clean text; `clean_rows` is for the
Core bulk inserts that do not. The module loads SQLAlchemy only when `install` runs, so the search
text of a list can be cleaned before SQLAlchemy has loaded (tracker/common/listing.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import InstrumentedAttribute, Mapper

# Cc but tab (\x09) and newline (\x0a); carriage return (\x0d) is handled apart; Cs; U+FFFE/U+FFFF.
_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """`text` fit to store and to write out in any format (see the module's docstring)."""
    text = _UNFIT.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def clean_rows(rows: Iterable[dict[str, Any]]) -> None:
    """Clean every text value of rows bound for a Core insert, in place (so the audit entries
    written from the same rows record what was stored); a vocabulary's member (a StrEnum) stays."""
    for row in rows:
        for key, value in row.items():
            if isinstance(value, str) and not isinstance(value, Enum):
                row[key] = clean(value)


def _cleaned(_target: object, value: Any, _old: object, _initiator: object) -> Any:
    return clean(value) if isinstance(value, str) else value


def _is_text(attribute: InstrumentedAttribute[Any]) -> bool:
    from sqlalchemy import Enum, String

    columns = getattr(attribute.property, "columns", ())
    # A vocabulary column is an Enum (a String underneath) holding enum members, not text.
    return any(isinstance(c.type, String) and not isinstance(c.type, Enum) for c in columns)


def _on_mapper_configured(mapper: Mapper[Any], class_: type) -> None:
    from sqlalchemy import event

    for prop in mapper.column_attrs:
        attribute = getattr(class_, prop.key)
        if _is_text(attribute):
            event.listen(attribute, "set", _cleaned, retval=True)


def install(base: type) -> None:
    """Clean every value set on a text column of every class mapped from `base`."""
    from sqlalchemy import event

    event.listen(base, "mapper_configured", _on_mapper_configured, propagate=True)
