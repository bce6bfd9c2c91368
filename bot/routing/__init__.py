"""Who answers for a landlord grid's events: the escalation ladder, with deputies."""
