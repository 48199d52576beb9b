"""Print one closing line for the whole suite from JUnit XML files; exit 1 if any is missing or failed."""

import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
ok = True
for path in sys.argv[1:]:
	try:
		root = ET.parse(path).getroot()
	except (OSError, ET.ParseError):
		print(f"missing test report: {path}")
		ok = False
		continue
	suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
	for s in suites:
		tests, fails = int(s.get("tests", 0)), int(s.get("failures", 0)) + int(s.get("errors", 0))
		skips = int(s.get("skipped", 0))
		passed += tests - fails - skips
		failed += fails
		skipped += skips
	if not suites or sum(int(s.get("tests", 0)) for s in suites) == 0:
		print(f"no tests ran: {path}")
		ok = False
print(f"suite: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(0 if ok and failed == 0 else 1)
