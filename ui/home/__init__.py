"""Home: the first screen (follow-ups due, deadlines, duties, and the engagement charts)."""
