#!/usr/bin/env bash
# Rebuild static/vendor/ (what the pages load) and tests/browser/vendor/ (axe-core, which only
# the browser tests load) from the versions pinned in package.json / package-lock.json.
# Only files something uses are copied: a file nothing references is left out.
#
# Node is needed only to run this script; the app itself serves the copied files
# and needs neither Node nor network at run time. The output is deterministic for a
# given package-lock.json: the vendor dirs are wiped and rebuilt from scratch.
#
# Usage: scripts/vendor_assets.sh   (or: npm run vendor)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NM="$ROOT/node_modules"
VENDOR="$ROOT/static/vendor"
TEST_VENDOR="$ROOT/tests/browser/vendor"

cd "$ROOT"
# --ignore-scripts: none of these packages needs an install step; we only copy dist files.
npm ci --ignore-scripts --no-audit --no-fund

rm -rf "$VENDOR" "$TEST_VENDOR"
mkdir -p "$VENDOR" "$TEST_VENDOR"

# copy SRC DEST_FILE  (creates parent dirs)
copy() {
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2"
}

# Drop "sourceMappingURL" comments: we do not ship .map files, and Django's
# ManifestStaticFilesStorage (whitenoise's CompressedManifestStaticFilesStorage)
# fails collectstatic on a reference to a missing map file.
strip_sourcemap() {
    sed -i -e '/^[[:space:]]*\/\/# sourceMappingURL=/d' \
           -e 's#/\*\# sourceMappingURL=[^*]*\*/##' "$1"
}

# --- dkfds (Det Fælles Designsystem) -----------------------------------------
# Layout mirrors node_modules/dkfds/dist so the CSS's url(../fonts/...) and
# url(../img/...) references resolve unchanged.
DK_SRC="$NM/dkfds/dist"
DK="$VENDOR/dkfds"
copy "$DK_SRC/css/dkfds.min.css" "$DK/css/dkfds.min.css"
copy "$DK_SRC/js/dkfds.min.js" "$DK/js/dkfds.min.js"
strip_sourcemap "$DK/css/dkfds.min.css"
strip_sourcemap "$DK/js/dkfds.min.js"
# The SVG sprite (img/all-svg-icons.svg) is left out: no template uses it. Copy it back here
# when one draws an icon with <svg><use href=".../all-svg-icons.svg#id">.
copy "$NM/dkfds/LICENSE.md" "$DK/LICENSE.md"

# List the url(...) targets of a CSS file, one per line, without quotes,
# ?query / #fragment, data: URIs.
css_urls() {
    grep -o 'url([^)]*)' "$1" \
        | sed -e 's/^url(//' -e 's/)$//' \
              -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' \
              -e "s/^[\"']//" -e "s/[\"']\$//" \
        | grep -v '^data:' \
        | sed -e 's/[?#].*$//' \
        | sort -u
}

# Copy exactly the fonts/images the CSS references (keeps the tree small: the
# package ships ~12 MB of fonts in formats the CSS never loads).
css_dir_src="$DK_SRC/css"
css_dir_dst="$DK/css"
while IFS= read -r ref; do
    [[ -z "$ref" ]] && continue
    case "$ref" in
        http://* | https://* | //* | /*)
            echo "ERROR: dkfds CSS references a non-relative URL: $ref" >&2
            exit 1
            ;;
    esac
    src="$css_dir_src/$ref"
    if [[ ! -f "$src" ]]; then
        echo "ERROR: dkfds CSS references $ref, not found in the package ($src)" >&2
        exit 1
    fi
    # Resolve ../ against the destination css dir.
    dst="$(realpath -m "$css_dir_dst/$ref")"
    case "$dst" in
        "$DK"/*) ;;
        *)
            echo "ERROR: $ref resolves outside $DK" >&2
            exit 1
            ;;
    esac
    copy "$src" "$dst"
done < <(css_urls "$DK_SRC/css/dkfds.min.css")

# --- Chart.js (UMD build: defines window.Chart) ---------------------------------
copy "$NM/chart.js/dist/chart.umd.min.js" "$VENDOR/chartjs/chart.umd.min.js"
copy "$NM/chart.js/LICENSE.md" "$VENDOR/chartjs/LICENSE.md"
# The UMD bundle inlines its one dependency, @kurkle/color (MIT).
copy "$NM/@kurkle/color/LICENSE.md" "$VENDOR/chartjs/LICENSE-kurkle-color.md"
strip_sourcemap "$VENDOR/chartjs/chart.umd.min.js"

# --- htmx (the job page's progress bar polls with hx-trigger="every 1s"; no inline script) ----
# The 2.x line: maintained, and a 286 response stops polling, which the job status view uses.
copy "$NM/htmx.org/dist/htmx.min.js" "$VENDOR/htmx/htmx.min.js"
copy "$NM/htmx.org/LICENSE" "$VENDOR/htmx/LICENSE"
strip_sourcemap "$VENDOR/htmx/htmx.min.js"

# --- axe-core (browser tests only: tests/browser/axe.py) -----------------------------
AXE="$TEST_VENDOR/axe-core"
copy "$NM/axe-core/axe.min.js" "$AXE/axe.min.js"
copy "$NM/axe-core/LICENSE" "$AXE/LICENSE"
copy "$NM/axe-core/LICENSE-3RD-PARTY.txt" "$AXE/LICENSE-3RD-PARTY.txt"
strip_sourcemap "$AXE/axe.min.js"

# --- VERSIONS.txt ------------------------------------------------------------------
pkg_version() {
    node -p "require(process.argv[1]).version" "$NM/$1/package.json"
}
{
    for pkg in dkfds chart.js htmx.org; do
        echo "$pkg@$(pkg_version "$pkg")"
    done
} > "$VENDOR/VERSIONS.txt"
echo "axe-core@$(pkg_version axe-core)" > "$TEST_VENDOR/VERSIONS.txt"

# --- Checks ----------------------------------------------------------------------
fail=0
# 1. Every url(...) in every vendored CSS file resolves to a vendored file.
while IFS= read -r -d '' css; do
    while IFS= read -r ref; do
        [[ -z "$ref" ]] && continue
        target="$(dirname "$css")/$ref"
        if [[ ! -f "$target" ]]; then
            echo "ERROR: ${css#"$ROOT"/} references $ref, which is missing" >&2
            fail=1
        fi
    done < <(css_urls "$css")
done < <(find "$VENDOR" -name '*.css' -print0)
# 2. No leftover source-map references (they would break collectstatic).
if grep -rl 'sourceMappingURL' "$VENDOR" "$TEST_VENDOR" --include='*.js' --include='*.css' >&2; then
    echo "ERROR: files above still reference source maps" >&2
    fail=1
fi
# 3. No source maps, scss or docs slipped in.
if find "$VENDOR" "$TEST_VENDOR" \( -name '*.map' -o -name '*.scss' -o -name 'README*' \) | grep . >&2; then
    echo "ERROR: unexpected files in $VENDOR" >&2
    fail=1
fi
[[ "$fail" -eq 0 ]] || exit 1

echo "Vendored assets into ${VENDOR#"$ROOT"/} and ${TEST_VENDOR#"$ROOT"/}:"
cat "$VENDOR/VERSIONS.txt" "$TEST_VENDOR/VERSIONS.txt"
du -sh "$VENDOR" "$TEST_VENDOR"
