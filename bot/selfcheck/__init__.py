"""The monthly safety self-check (出租房安全自查): the checklists the daily job sends, the
reminders, and the dialog the landlord answers in (handlers/selfcheck reads the answers)."""
