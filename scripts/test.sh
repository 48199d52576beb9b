#!/usr/bin/env bash
# Run every test: the pure rules tests (pytest, no Frappe) and the integration tests on a dedicated
# test site of the bench at $FRAPPE_BENCH (default ~/frappe-bench). Fails loudly when there is no bench.
#   XUEJI_TEST_SITE   test site name (default xueji-test.localhost)
#   XUEJI_FRESH_SITE  1 = drop and recreate the test site first (CI does)
#   XUEJI_TEST_ARGS   extra arguments for `run-tests` (e.g. "--module xueji_app.tests.test_access")
#   XUEJI_NO_REPLICA  1 = no read replica (its test is skipped, said so in the summary)
set -uo pipefail
source "$(dirname "$0")/lib.sh"
SITE=${XUEJI_TEST_SITE:-xueji-test.localhost}
cd "$REPO"

have_bench || die "No Frappe bench at $BENCH (set FRAPPE_BENCH). The integration suite needs one: run scripts/setup.sh first. Refusing to pass with half the suite."
repair_bench_env
bash "$REPO/scripts/services.sh" "$BENCH" || die "MariaDB/Redis did not start"
# the read replica the replica test reads through (XUEJI_NO_REPLICA=1 on a machine that cannot run one)
if [ "${XUEJI_NO_REPLICA:-0}" != 1 ]; then
  bash "$REPO/scripts/replica.sh" || die "the MariaDB replica did not start (XUEJI_NO_REPLICA=1 to run without it)"
fi
link_app
# Frappe's test runner needs its dev dependencies (what `bench setup requirements --dev` installs).
"$BENCH/env/bin/python" -c "import pytest, xmlrunner, freezegun, faker, hypothesis, responses" 2>/dev/null ||
  "$BENCH/env/bin/pip" install -q pytest "unittest-xml-reporting~=3.2.0" "freezegun~=1.2.2" "Faker~=18.10.1" \
    "hypothesis~=6.77.0" "responses==0.23.1" "coverage~=6.5.0" 2>&1 | grep -v '^WARNING: Location'
# The browser tests drive the Debian chromium (installed by services.sh) through Playwright.
"$BENCH/env/bin/python" -c "import playwright.sync_api" 2>/dev/null ||
  "$BENCH/env/bin/pip" install -q "playwright>=1.40" 2>&1 | grep -v '^WARNING: Location'

log "pure tests (tests/unit)"
"$BENCH/env/bin/python" -m pytest tests/unit -q -p no:cacheprovider --junitxml=/tmp/xueji-pure.xml
pure_rc=$?

if [ "${XUEJI_FRESH_SITE:-${CI:-}}" = "1" ] || [ "${XUEJI_FRESH_SITE:-${CI:-}}" = "true" ]; then
  site_exists "$SITE" && { log "dropping $SITE"; quiet frappe_cli drop-site "$SITE" --db-root-username root --db-root-password "$DB_ROOT_PASSWORD" --force --no-backup; }
fi
ensure_site "$SITE"
frappe_cli --site "$SITE" set-config allow_tests true >/dev/null

log "integration tests on $SITE"
rm -f /tmp/xueji-integration.xml
# shellcheck disable=SC2086
frappe_cli --site "$SITE" run-tests --app xueji_app --junit-xml-output /tmp/xueji-integration.xml ${XUEJI_TEST_ARGS:-}
int_rc=$?

"$BENCH/env/bin/python" "$REPO/scripts/junit_summary.py" /tmp/xueji-pure.xml /tmp/xueji-integration.xml
sum_rc=$?
[ $pure_rc -eq 0 ] && [ $int_rc -eq 0 ] && [ $sum_rc -eq 0 ] || die "tests failed (pure rc=$pure_rc, integration rc=$int_rc)"
