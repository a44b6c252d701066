"""Documents Liaison writes: the board's "Meetings with outside bodies" paper, and its formats."""
