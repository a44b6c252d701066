"""The window: PySide6 widgets over the tracker's services; no SQL here."""
