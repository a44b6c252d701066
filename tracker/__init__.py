"""What Liaison knows and does: services over the database, with no Qt in sight."""
