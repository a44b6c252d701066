"""The relationship graph area of the window."""
