"""Cases and their approval: the one way through every workflow (``workflow.act``), the steps and parties of a
case (``case``), one open case per student (``cases``), facts for eligibility (``facts``), the phone's
approval list (``approvals``), batch decisions (``batch``), the daily overdue check and reminders.

May import: ``rules``, ``services.core``, ``services.security``."""
