#!/bin/sh
# install_check.sh BUILD_DIR VERSION: `cmake --install` into a temporary prefix, then checks what a
# desktop will read: the desktop entry and the AppStream metainfo validate, the icon named by
# Icon= is there in every size, the metainfo describes this version, and bin/ holds fetchdeck only
# (no test program is installed). Exit 77 (skipped) when the validators are not installed.
set -eu
build=$1
version=$2
id=io.github.fetchdeck.Fetchdeck

for tool in desktop-file-validate:desktop-file-utils appstreamcli:appstream; do
    if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
        echo "SKIP: ${tool%%:*} is not installed (Debian package ${tool#*:});" \
            "./dev test installs it"
        exit 77
    fi
done

# Installed as a package would be: prefix /usr under a staging root (DESTDIR), so the browsers'
# host manifests for /etc land in the root too.
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
prefix="$root/usr"
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

DESTDIR="$root" cmake --install "$build" --prefix /usr >"$root/install.log" 2>&1 ||
    { cat "$root/install.log" >&2; fail "cmake --install failed"; }
rm "$root/install.log"
echo "installed:"
(cd "$root" && find . -type f | sort)

desktop="$prefix/share/applications/$id.desktop"
metainfo="$prefix/share/metainfo/$id.metainfo.xml"
[ -f "$desktop" ] || fail "no desktop entry at share/applications/$id.desktop"
[ -f "$metainfo" ] || fail "no metainfo at share/metainfo/$id.metainfo.xml"

# Warnings count too: a clean entry prints nothing.
out=$(desktop-file-validate "$desktop" 2>&1) || fail "desktop-file-validate: $out"
[ -z "$out" ] || fail "desktop-file-validate: $out"
appstreamcli validate --no-net "$metainfo" || fail "appstreamcli validate --no-net"

grep -qx "Icon=$id" "$desktop" || fail "Icon= is not $id"
grep -qx 'Exec=fetchdeck %U' "$desktop" || fail "Exec= is not 'fetchdeck %U'"
if grep -q '^MimeType=.*x-scheme-handler/http' "$desktop"; then
    fail "the entry registers as the system http handler"
fi
[ -x "$prefix/bin/fetchdeck" ] || fail "bin/fetchdeck is missing or not executable"
[ "$(ls "$prefix/bin")" = fetchdeck ] || fail "bin/ holds more than fetchdeck: $(ls "$prefix/bin")"
grep -q "<release version=\"$version\"" "$metainfo" ||
    fail "metainfo has no release entry for $version"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$metainfo" ||
    fail "metainfo's launchable is not $id.desktop"

icons="$prefix/share/icons/hicolor"
[ -f "$icons/scalable/apps/$id.svg" ] || fail "no scalable icon"
for size in 16 32 48 64 128 256; do
    png="$icons/${size}x${size}/apps/$id.png"
    [ -f "$png" ] || fail "no ${size}x${size} icon"
    # The IHDR width and height (bytes 17..24) must match the folder.
    dims=$(od -An -tu1 -j16 -N8 "$png" | tr -s ' ' | sed 's/^ //')
    [ "$dims" = "0 0 $((size / 256)) $((size % 256)) 0 0 $((size / 256)) $((size % 256))" ] ||
        fail "$png is not ${size}x${size} (IHDR: $dims)"
done

# The browser extension, and the native messaging hosts where Chromium, Chrome and Firefox look,
# naming the installed binary and only our extension.
host=io.github.fetchdeck.host.json
for dir in etc/chromium etc/opt/chrome; do
    manifest="$root/$dir/native-messaging-hosts/$host"
    [ -f "$manifest" ] || fail "no host manifest in /$dir/native-messaging-hosts"
    grep -q '"path": "/usr/bin/fetchdeck"' "$manifest" || fail "$manifest: wrong path"
    grep -q '"allowed_origins": \["chrome-extension://[a-p]\{32\}/"\]' "$manifest" ||
        fail "$manifest: allowed_origins"
done
manifest="$prefix/lib/mozilla/native-messaging-hosts/$host"
[ -f "$manifest" ] || fail "no Firefox host manifest in /usr/lib/mozilla/native-messaging-hosts"
grep -q '"allowed_extensions": \["browser-capture@fetchdeck.github.io"\]' "$manifest" ||
    fail "$manifest: allowed_extensions"
# Recorded with the rest, so removing what install_manifest.txt lists leaves no manifest in /etc
# naming a binary that is gone.
grep -qx "/etc/chromium/native-messaging-hosts/$host" "$build/install_manifest.txt" ||
    fail "install_manifest.txt does not list /etc/chromium/native-messaging-hosts/$host"
for f in chromium/manifest.json firefox/manifest.json fetchdeck-chromium.zip fetchdeck-firefox.xpi; do
    [ -f "$prefix/share/fetchdeck/browser/$f" ] || fail "no share/fetchdeck/browser/$f"
done

# Any other prefix leaves /etc alone: `sudo cmake --install` of a build to /usr/local would
# otherwise replace the packaged hosts with manifests naming /usr/local/bin/fetchdeck.
local=$root/local
DESTDIR="$local" cmake --install "$build" --prefix /usr/local >"$root/install.log" 2>&1 ||
    { cat "$root/install.log" >&2; fail "cmake --install --prefix /usr/local failed"; }
[ -x "$local/usr/local/bin/fetchdeck" ] || fail "no bin/fetchdeck under /usr/local"
[ ! -e "$local/etc" ] || fail "an install to /usr/local wrote $(cd "$local" && find etc -type f)"

echo "PASS: desktop entry, metainfo and icons of $id $version"
