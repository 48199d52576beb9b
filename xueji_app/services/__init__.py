"""Use cases that touch the database, grouped by capability; controllers, API methods, scheduler jobs and tests
call these. The packages are layers, lowest first — a package imports only ``rules`` and the packages before it
(``tests/unit/test_architecture.py`` reads the imports from the code and fails on an arrow upward or a circle):

- ``core``      the Frappe boundary of the rules engine: typed endpoints, messages, value checks, policies,
                the working-day calendar, bulk writes, the .xlsx reader, print fonts
- ``security``  who may see and do what: scope, the one guard, Roll Officer access, search, files, parties
- ``cases``     the approval workflow of every case: steps, parties, deadlines, batch and phone approvals
- ``roll``      the roll itself: registration and 查重, the import, the year-end run, the enrollment rollup
- ``outputs``   what leaves the system: statistics and oversight, registers, PDFs, exports, prepared files
- ``platform``  the site as a whole: install and migrate, backup fingerprints

Above them: ``xueji_app.overrides`` (every touch of Frappe's internals), then the DocType controllers,
reports, pages and hooks."""
