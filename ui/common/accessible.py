"""Names a screen reader says for controls that have none of their own.

Qt names a button by its text and a field by the label whose buddy it is; a table, a list, a
filter box or a field sharing a form row with another has no name unless given one. `name_controls`
gives each focusable control without a name one taken from what a sighted user reads beside it:
the form row's label (and, for a second field in the row, its placeholder), else its placeholder
text, else its tooltip's first sentence, else the title of the group box it sits in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QTextDocumentFragment
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLayout,
    QLineEdit,
    QScrollArea,
    QWidget,
)


def spoken_name(widget: QWidget) -> str:
    """What a screen reader calls the control: its accessible name, or Qt's own (button text, buddy)."""
    if widget.accessibleName():
        return widget.accessibleName()
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip().rstrip(":")


def _holds(layout: QLayout, widget: QWidget) -> bool:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        if item.widget() is widget:
            return True
        inner = item.layout()
        if inner is not None and _holds(inner, widget):
            return True
    return False


def _form_row_label(widget: QWidget) -> tuple[str, bool]:
    """The label of the form row holding `widget`, and whether the row holds other fields too."""
    for form in widget.window().findChildren(QFormLayout):
        for row in range(form.rowCount()):
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if field is None:
                continue
            inner = field.layout()
            if field.widget() is widget or (inner is not None and _holds(inner, widget)):
                item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                label = item.widget() if item is not None else None
                return (_plain(label.text()) if isinstance(label, QLabel) else ""), inner is not None
    return "", False


def _placeholder(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit):
        return widget.placeholderText().strip()
    if isinstance(widget, QComboBox) and widget.lineEdit() is not None:
        return widget.lineEdit().placeholderText().strip()  # type: ignore[union-attr]
    return ""


def derived_name(widget: QWidget) -> str:
    """A name for `widget` from what is written beside it; "" when nothing is."""
    label, shared = _form_row_label(widget)
    placeholder = _placeholder(widget)
    if label:
        return f"{label}: {placeholder}" if shared and placeholder else label
    if placeholder:
        return placeholder
    tip = widget.toolTip().strip()
    if tip and "<" not in tip:
        return tip.split(". ")[0].split("\n")[0]
    return _label_before(widget) or _heading_inside(widget) or _group_title(widget)


def _label_before(widget: QWidget) -> str:
    """The text of a label just before `widget` in its layout ("Theme" before the theme box)."""
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    found = _find(layout, widget) if layout is not None else None
    if found is None:
        return ""
    holder, index = found
    if index > 0:
        item = holder.itemAt(index - 1)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel) and label.buddy() is None and 0 < len(_plain(label.text())) <= 60:
            return _plain(label.text())
    return ""


def _find(layout: QLayout, widget: QWidget) -> tuple[QLayout, int] | None:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        if item.widget() is widget:
            return layout, index
        inner = item.layout()
        found = _find(inner, widget) if inner is not None else None
        if found is not None:
            return found
    return None


def _heading_inside(widget: QWidget) -> str:
    """A scrolled page is named by its first heading (the first label's text inside it)."""
    if not isinstance(widget, QScrollArea) or widget.widget() is None:
        return ""
    for label in widget.widget().findChildren(QLabel):  # type: ignore[union-attr]
        text = QTextDocumentFragment.fromHtml(label.text()).toPlainText().strip()
        if text:
            return text.split("\n")[0][:60]
    return ""


def _group_title(widget: QWidget) -> str:
    """The title of the nearest group box around `widget` (a table or list inside "Open asks", say)."""
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QGroupBox) and parent.title():
            return _plain(parent.title())
        parent = parent.parentWidget()
    return ""


def name_controls(root: QWidget) -> None:
    """Give every focusable control under `root` that has no name one derived from its surroundings."""
    for widget in root.findChildren(QWidget):
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if widget.accessibleName() or spoken_name(widget).strip():
            continue
        name = derived_name(widget)
        if name:
            widget.setAccessibleName(name)
