#!/usr/bin/env bash
# Installs what `npm start` and `npm test` need, and nothing that is already there, so it is
# cheap to run before every start and every test run.
#   scripts/setup.sh              node modules + the Temporal dev server (CLI)
#   scripts/setup.sh --for-tests  also the Debian packages the end-to-end tests drive
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The dev server is built from the CLI's Go module; later tags cannot be `go install`ed.
TEMPORAL_CLI_MODULE='github.com/temporalio/cli/cmd/temporal@v1.5.1'
# Debian package => a command it installs, to check without asking dpkg when possible.
declare -A TEST_PACKAGES=(
  [prometheus]=prometheus
  [prometheus-alertmanager]=prometheus-alertmanager
  [chromium]=chromium
)

for_tests=false
for arg in "$@"; do
  case "$arg" in
    --for-tests) for_tests=true ;;
    *) echo "setup: unknown option $arg (expected --for-tests)" >&2; exit 2 ;;
  esac
done

say() { echo "setup: $*"; }

install_node_modules() {
  # npm writes node_modules/.package-lock.json last, so its age is the age of the install;
  # the node_modules directory's own mtime does not change when packages are updated in place.
  local marker=node_modules/.package-lock.json
  if [[ -f "$marker" && ! package-lock.json -nt "$marker" ]]; then
    return
  fi
  if [[ -f package-lock.json ]]; then
    say "installing node modules (npm ci)"
    npm ci --no-audit --no-fund
  else
    say "installing node modules (npm install; no package-lock.json)"
    npm install --no-audit --no-fund
  fi
}

install_temporal_cli() {
  # Tests start dev servers of their own (restarts, throwaway stacks) even when the shared
  # one is TEMPORAL_ADDRESS, so only `npm start` may skip the build.
  if [[ -n "${TEMPORAL_ADDRESS:-}" && "$for_tests" != true ]]; then
    say "TEMPORAL_ADDRESS=$TEMPORAL_ADDRESS is set; not installing the Temporal dev server"
    return
  fi
  if [[ -n "${TEMPORAL_CLI_PATH:-}" ]]; then
    if [[ ! -x "$TEMPORAL_CLI_PATH" ]]; then
      echo "setup: TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable file" >&2
      exit 1
    fi
    return
  fi
  local bin_dir=.tools/bin
  [[ -x "$bin_dir/temporal" ]] && return
  if ! command -v go >/dev/null; then
    echo "setup: Go is needed to build the Temporal dev server ($TEMPORAL_CLI_MODULE)." >&2
    echo "       Install Go, or set TEMPORAL_CLI_PATH to a temporal binary, or TEMPORAL_ADDRESS to a running server." >&2
    exit 1
  fi
  mkdir -p "$bin_dir"
  # Two checkouts' setups may race; the second waits and then finds the binary built.
  exec 9>".tools/build.lock"
  flock 9
  if [[ ! -x "$bin_dir/temporal" ]]; then
    say "building the Temporal dev server from $TEMPORAL_CLI_MODULE (once; minutes on a cold Go cache)"
    local started=$SECONDS
    GOBIN="$PWD/$bin_dir" go install "$TEMPORAL_CLI_MODULE"
    say "built .tools/bin/temporal in $((SECONDS - started))s"
  fi
  flock -u 9
}

missing_test_packages() {
  local package
  for package in "${!TEST_PACKAGES[@]}"; do
    if command -v "${TEST_PACKAGES[$package]}" >/dev/null; then continue; fi
    if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" == 'install ok installed' ]]; then continue; fi
    echo "$package"
  done
}

explain_missing_test_packages() {
  echo "setup: could not install: $*" >&2
  echo "       prometheus and prometheus-alertmanager are needed by the alert-to-rotation end-to-end tests," >&2
  echo "       chromium by the Web UI end-to-end tests; those tests will fail or skip without them." >&2
  echo "       As root: apt-get update && apt-get install -y $*" >&2
}

install_test_packages() {
  local missing
  missing=$(missing_test_packages | sort | tr '\n' ' ')
  missing=${missing% }
  [[ -z "$missing" ]] && return
  if [[ "$(id -u)" != 0 ]]; then
    explain_missing_test_packages "$missing"
    return
  fi
  say "installing Debian packages for the end-to-end tests: $missing"
  # Package scripts must not start daemons (Prometheus' postinst would): the tests start their
  # own instances, and in a container without systemd a service start fails the install.
  local policy=/usr/sbin/policy-rc.d
  if [[ ! -e "$policy" ]]; then
    # Removed however the script ends, so later package installs behave normally again.
    trap "rm -f '$policy'" EXIT
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
  fi
  local apt=(apt-get -o DPkg::Lock::Timeout=300 -q)
  local ok=true
  # shellcheck disable=SC2086 # $missing is a space-separated list of package names
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" update >/dev/null \
    && DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends $missing >/dev/null \
    || ok=false
  if [[ "$ok" != true ]]; then
    explain_missing_test_packages "$missing"
  fi
}

install_node_modules
install_temporal_cli
if [[ "$for_tests" == true ]]; then
  install_test_packages
fi
say "ready"
