"""What the pipeline remembers between messages, kept true by the database's change log."""
