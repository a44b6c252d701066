"""What every service shares: dates as the papers write them, domain errors, the audit trail's
history, edit conflicts, personal data, text hygiene, list queries and the version."""
