# Sourced by the tests that check Kestrel against an independent npm package (bash).
#   need_npm_package TEST_NAME JS_DIR PACKAGE
# Fails (never skips) without node; installs JS_DIR's packages with `npm ci` from its committed
# lock file the first time, when PACKAGE is not there yet.
need_npm_package() {
  local name=$1 js=$2 package=$3
  command -v node >/dev/null 2>&1 || {
    echo "$name: FAIL: node is not installed; run scripts/setup-deps.sh (Debian packages nodejs and npm)" >&2
    exit 1
  }
  node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' || {
    echo "$name: FAIL: node $(node --version) is too old; Node.js 18 or later is needed" >&2
    exit 1
  }
  if [ ! -f "$js/node_modules/$package/package.json" ]; then
    command -v npm >/dev/null 2>&1 || {
      echo "$name: FAIL: npm is not installed; run scripts/setup-deps.sh (Debian packages nodejs and npm)" >&2
      exit 1
    }
    echo "$name: installing $package (npm ci)"
    (cd "$js" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error) || {
      echo "$name: FAIL: npm ci in $js failed (no network and no npm cache?)" >&2
      exit 1
    }
  fi
}
