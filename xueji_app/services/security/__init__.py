"""Who may see and do what: a user's scope (``scope``) and the report target within it (``target``), the one
guard of every scoped DocType (``guard``), Roll Officer → roles and User Permissions (``access``), the
remaining permission hooks (``permissions``), link and global search within scope (``search``), private files
(``files``), and who speaks for a bureau on a record (``parties``).

May import: ``rules``, ``services.core``."""
