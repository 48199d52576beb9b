"""Use cases that touch the database. Controllers, API methods, scheduler jobs and tests all call these."""
