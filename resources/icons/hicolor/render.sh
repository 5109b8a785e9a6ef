#!/bin/sh
# Renders the application icon (../fetchdeck.svg) to the hicolor PNG sizes that `cmake --install`
# puts in share/icons/hicolor/. The PNGs are committed, so a build needs no rasterizer; rerun this
# (rsvg-convert, Debian package librsvg2-bin) after editing the SVG.
set -e
cd "$(dirname "$0")"
for size in 16 32 48 64 128 256; do
    mkdir -p "${size}x${size}/apps"
    rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio \
        --output "${size}x${size}/apps/io.github.fetchdeck.Fetchdeck.png" ../fetchdeck.svg
done
