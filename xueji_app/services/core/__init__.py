"""The Frappe boundary of the pure rules engine: typed whitelisted endpoints (``api``), a RuleViolation as a
translated message (``errors``), value checks (``values``), Roll Policy records as policies (``policy``), the
site's working-day calendar, multi-row inserts (``bulk``), the guarded .xlsx reader, print font metrics.

May import: ``xueji_app.rules`` and Frappe; nothing else of the app."""
