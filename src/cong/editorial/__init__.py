"""Editorial board (Ban biên tập): roles, the two-step review workflow and the admin's language."""
