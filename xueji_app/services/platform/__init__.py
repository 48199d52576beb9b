"""The site as a whole: bringing a site to the installed state on install and on migrate (``install``), and
the fingerprint that proves a backup restored whole (``backup``).

May import: every other package of ``services`` and ``rules``."""
