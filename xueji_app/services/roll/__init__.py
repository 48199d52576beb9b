"""The roll itself: registration, 查重 and the 学籍号 (``student``), the Excel import (``student_import``), the
year-end run (``year_end``), and the enrollment rollup that counts every move of a student (``rollup``).

May import: ``rules``, ``services.core``, ``services.security``, ``services.cases``."""
