"""The connection settings dialog, and the password prompt used when a server asks for one."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.common import prompts
from ui.settings import connection as saved
from ui.settings.connection import Connection, Where

PASSWORD_NOTE = (
    "The password is never saved. Liaison reads it from your ~/.pgpass file (or the file PGPASSFILE"
    " names) if it is there, and otherwise asks for it each time it connects."
)


class ConnectionDialog(QDialog):
    """Where Liaison's database is (this computer's file, or the team's server) and your name."""

    def __init__(self, current: Connection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connection settings")
        self.setMinimumWidth(520)

        self.on_file = QRadioButton("A file on this computer (SQLite): for one person")
        self.on_server = QRadioButton("The team's shared server (PostgreSQL)")
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.on_file)
        self.choice.addButton(self.on_server)

        self.file = QLineEdit(current.file)
        self.file.setPlaceholderText(saved.shown_file(""))
        self.browse = QPushButton("Choose…")
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.browse)
        self.file_box = QGroupBox()
        file_form = QFormLayout(self.file_box)
        file_form.addRow("File:", file_row)

        self.host = QLineEdit(current.host)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(current.port)
        self.database = QLineEdit(current.database)
        self.user = QLineEdit(current.user)
        self.user.setPlaceholderText("your login on the server")
        self.server_box = QGroupBox()
        server_form = QFormLayout(self.server_box)
        server_form.addRow("Server:", self.host)
        server_form.addRow("Port:", self.port)
        server_form.addRow("Database:", self.database)
        server_form.addRow("Login:", self.user)
        note = QLabel(PASSWORD_NOTE)
        note.setWordWrap(True)
        server_form.addRow(note)

        self.your_name = QLineEdit(current.your_name)
        self.your_name.setPlaceholderText("e.g. Helen Murray (else your login is used)")
        identity = QFormLayout()
        identity.addRow("Your name in the history:", self.your_name)
        restart = QLabel("Changes take effect the next time Liaison starts.")
        restart.setWordWrap(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.on_file)
        layout.addWidget(self.file_box)
        layout.addWidget(self.on_server)
        layout.addWidget(self.server_box)
        layout.addLayout(identity)
        layout.addWidget(restart)
        layout.addWidget(self.buttons)

        (self.on_server if current.where is Where.SERVER else self.on_file).setChecked(True)
        self._on_choice_toggled()
        self.on_file.toggled.connect(self._on_choice_toggled)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def connection(self) -> Connection:
        """What the form says."""
        return Connection(
            where=Where.SERVER if self.on_server.isChecked() else Where.FILE,
            file=self.file.text().strip(),
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
            your_name=self.your_name.text().strip(),
        )

    def problem(self) -> str | None:
        chosen = self.connection()
        if chosen.where is Where.SERVER:
            if not chosen.host:
                return "Give the server's name or address."
            if not chosen.database:
                return "Give the name of the database on the server."
        return None

    def _on_choice_toggled(self) -> None:
        self.file_box.setEnabled(self.on_file.isChecked())
        self.server_box.setEnabled(self.on_server.isChecked())

    def _on_browse_clicked(self) -> None:
        chosen = prompts.ask_open_path(
            self, "Liaison database file", "Liaison databases (*.db);;All files (*)"
        )
        if chosen is not None:
            self.file.setText(str(chosen))

    def _on_buttons_accepted(self) -> None:
        problem = self.problem()
        if problem is not None:
            prompts.tell(self, "Connection settings", problem)
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, settings: QSettings) -> Connection | None:
        """Show the saved settings; save and return them if the user saves, None if they cancel."""
        dialog = cls(saved.load(settings) or Connection(), parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        chosen = dialog.connection()
        saved.save(settings, chosen)
        return chosen


class PasswordDialog(QDialog):
    """Asks for the server's password; it is used for this session only and never written down."""

    def __init__(self, where: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Password")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        label = QLabel(f"The server asks for your password to open {where}.")
        label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.password)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    @classmethod
    def ask(cls, parent: QWidget | None, where: str) -> str | None:
        dialog = cls(where, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.password.text()
