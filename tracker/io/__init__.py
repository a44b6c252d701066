"""Files in and out: calendars, spreadsheets, and the formats other tools read."""
