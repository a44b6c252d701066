"""The user's settings: which database Liaison opens, and the name the history records them by."""
