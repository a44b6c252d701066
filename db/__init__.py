"""Storage: typed SQLAlchemy models, engine set-up, migrations and the audit trail."""
