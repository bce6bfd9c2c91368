"""The staff console's web side: sign-in, the pages behind a session, their guard."""
