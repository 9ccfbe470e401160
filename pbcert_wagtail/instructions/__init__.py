"""The instruction emails of seed step 3: after staff confirm an application, a short
series of emails tells the applicant how to fill in the questionnaire, what to prepare and
by when. `placeholders.py` checks and fills the texts staff write, `defaults.py` is the
series every new call starts with, `sending.py` sends each email once per application.

Nothing is imported here, so the models may use `placeholders` without a cycle."""
