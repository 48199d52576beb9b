"""What leaves the system or is read in bulk: a bureau's statistics and oversight (``oversight``), the tier
workspaces' numbers (``dashboard``), registers, PDFs through WeasyPrint and the print formats' helpers,
exports and their log, files prepared in the background (``prepared``), the script reports' wrapper.

May import: ``rules``, ``services.core``, ``services.security``, ``services.cases``, ``services.roll``."""
