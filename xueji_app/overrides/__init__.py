"""Every touch of Frappe's internals, in one place: what the app overrides, patches or relies on beyond
Frappe's documented hooks, each module naming the Frappe release it was checked against and why it exists.

- ``document``   Document internals every controller overrides (value checks, row locks, child-row permission)
- ``file``       ``override_doctype_class`` for File (private uploads, no copying a file by URL)
- ``search``     ``override_whitelisted_methods`` for search, count and linked-document endpoints
- ``exports``    ``override_whitelisted_methods`` for the two export endpoints
- ``print``      ``override_whitelisted_methods`` for the desk's PDF button (WeasyPrint)
- ``workflow``   ``override_whitelisted_methods`` for the list's bulk workflow actions
- ``collaboration`` ``override_whitelisted_methods`` for the like button and tags
- ``reports``    the script reports' prepared-report timer
- ``http``       a malformed request answers 4xx with no SQL, a locked-out login 429; errors logged rate-limited
- ``auth``       忘记密码 answers alike whether or not the account exists
- ``handler``    run_doc_method judges the stored record before Frappe compares time stamps
- ``contracts``  the version guard: what each override assumes of Frappe, checked on install, on migrate
                 and by the tests, failing loudly (naming the assumption) when Frappe no longer has it

The desk's JavaScript patches live beside them in ``public/js/overrides/``; ``contracts`` checks those too.

May import: ``rules`` and every package of ``services``. Nothing below imports this package; the DocType
controllers, hooks and reports above it do."""
