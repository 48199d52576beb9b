"""Add or replace zh translations, keeping xueji_app/translations/zh.csv sorted and deduplicated.

Usage: python scripts/add_translations.py < pairs.tsv   (one "source<TAB>translation" per line)
"""

import csv
import sys
from pathlib import Path

PATH = Path(__file__).resolve().parents[1] / "xueji_app" / "translations" / "zh.csv"


def main() -> None:
	rows = {r[0]: r[1] for r in csv.reader(PATH.open(encoding="utf-8")) if r}
	for line in sys.stdin:
		line = line.rstrip("\n")
		if not line.strip():
			continue
		source, target = line.split("\t", 1)
		rows[source] = target
	with PATH.open("w", encoding="utf-8", newline="") as f:
		writer = csv.writer(f, lineterminator="\n")
		for source in sorted(rows):
			writer.writerow([source, rows[source]])


if __name__ == "__main__":
	main()
