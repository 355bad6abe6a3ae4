#!/usr/bin/env bash
# Acceptance test of `kestrel report` (issue 2): a synthetic two-aircraft log becomes a report that
# opens in headless Chromium with no script error and no failed resource load, and a screenshot
# shows it. The screenshot is kept as a test artefact.
#
#   report_browser_test.sh REPORT_SAMPLE_LOG_BIN KESTREL_BIN [ARTEFACT_DIR]
#
# How errors are caught, twice over: the page carries a few lines of script that record any
# error event (script errors, and failed loads of images/scripts/styles, caught in the capture
# phase) into #report-status, which ends with data-ok="1" only when nothing went wrong; the test
# reads it from --dump-dom. Chromium's own log (--enable-logging=stderr) must also hold no console
# message. A negative control (the same page with a broken script and a missing image added)
# must be caught, so the check cannot pass vacuously.
set -u
SAMPLE=${1:?usage: report_browser_test.sh REPORT_SAMPLE_LOG_BIN KESTREL_BIN [ARTEFACT_DIR]}
KESTREL=${2:?usage: report_browser_test.sh REPORT_SAMPLE_LOG_BIN KESTREL_BIN [ARTEFACT_DIR]}
ART=${3:-$PWD/report-artefacts}

fail() { echo "FAIL: $*" >&2; exit 1; }

CHROME=""
for c in chromium chromium-browser google-chrome; do
  if command -v "$c" >/dev/null 2>&1; then CHROME=$(command -v "$c"); break; fi
done
[ -n "$CHROME" ] || fail "no headless browser: install the Debian package 'chromium' (scripts/setup-deps.sh does)"

mkdir -p "$ART" || fail "cannot create $ART"
WORK=$(mktemp -d)
PROFILE=$(mktemp -d)
trap 'rm -rf "$WORK" "$PROFILE"' EXIT

"$SAMPLE" "$WORK/sample.ulg" --aircraft 2 --seconds 600 || fail "report_sample_log failed"
"$KESTREL" report "$WORK/sample.ulg" -o "$ART/report.html" || fail "kestrel report failed"
SIZE=$(stat -c %s "$ART/report.html")
[ "$SIZE" -gt 20000 ] || fail "report.html is only $SIZE bytes"
grep -q '<svg' "$ART/report.html" || fail "report.html has no SVG chart"
if grep -Eo '(src|href)="(https?:)?//[^"]*"' "$ART/report.html"; then
  fail "report.html refers to an external URL (it must work offline)"
fi

# chrome FILE.html MODE: MODE dump -> DOM on stdout; MODE png -> screenshot ART/report.png.
# Chromium's log goes to $WORK/chrome-<name>.log.
chrome() {
  local html=$1 mode=$2 name
  name=$(basename "$html" .html)
  local args=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
              --disable-background-networking --disable-component-update --disable-sync
              --disable-extensions --hide-scrollbars --user-data-dir="$PROFILE"
              --enable-logging=stderr --v=0 --virtual-time-budget=5000)
  if [ "$mode" = dump ]; then
    timeout 120 "$CHROME" "${args[@]}" --dump-dom "file://$html" 2>"$WORK/chrome-$name.log"
  else
    timeout 120 "$CHROME" "${args[@]}" --screenshot="$ART/report.png" --window-size=1280,2400 \
      "file://$html" >/dev/null 2>"$WORK/chrome-$name-png.log"
  fi
}

# page_errors FILE.html: prints what went wrong in the page; empty when it loaded cleanly.
page_errors() {
  local html=$1 name dom
  name=$(basename "$html" .html)
  dom=$(chrome "$html" dump) || { echo "chromium failed (exit $?): $(tail -3 "$WORK/chrome-$name.log")"; return; }
  [ -n "$dom" ] || { echo "chromium returned an empty DOM"; return; }
  grep -o 'id="report-status"[^>]*>REPORT-ERRORS:[^<]*' <<<"$dom" | sed 's/^[^>]*>//'
  grep -q 'id="report-status"[^>]*data-ok="1"' <<<"$dom" || echo "the page's status marker is not set (its script did not run)"
  grep -E 'CONSOLE|Uncaught|net::ERR' "$WORK/chrome-$name.log" | head -5
}

# 1. Negative control: a broken copy of the page must be reported.
sed -e 's#</main>#<img src="missing-image.png" alt=""><script>no_such_function();</script></main>#' \
  "$ART/report.html" >"$WORK/broken.html"
BROKEN=$(page_errors "$WORK/broken.html")
grep -q 'no_such_function' <<<"$BROKEN" || fail "the error check missed a script error in the negative control: $BROKEN"
grep -q 'missing-image.png' <<<"$BROKEN" || fail "the error check missed a failed image load in the negative control: $BROKEN"
echo "negative control caught: $(head -1 <<<"$BROKEN" | cut -c1-160)"

# 2. The real report: no errors at all.
ERRORS=$(page_errors "$ART/report.html")
[ -z "$ERRORS" ] || fail "report.html has errors in Chromium:
$ERRORS"
echo "report.html: loaded in $(basename "$CHROME") with no console errors and no failed loads"

# 3. Screenshot: exists, is a PNG, is not blank.
rm -f "$ART/report.png"
chrome "$ART/report.html" png || fail "chromium --screenshot failed: $(tail -3 "$WORK/chrome-report-png.log")"
[ -f "$ART/report.png" ] || fail "no screenshot written"
head -c 8 "$ART/report.png" | od -An -tx1 | grep -q '89 50 4e 47' || fail "report.png is not a PNG"
PNG=$(stat -c %s "$ART/report.png")
# A blank 1280x2400 page compresses to a few kB; charts and a map make it far larger.
[ "$PNG" -gt 60000 ] || fail "report.png is only $PNG bytes: the page looks blank"
echo "screenshot: $ART/report.png ($PNG bytes); report: $ART/report.html ($SIZE bytes)"
echo "PASS"
