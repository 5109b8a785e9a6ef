#!/bin/sh
# Renders the bundled SVG icons to PNGs at the sizes QIcon needs. Qt SVG is not a dependency of
# Fetchdeck (Debian's Qt has it as a separate package), so the .qrc carries these PNGs; rerun this
# script (ImageMagick) after editing an SVG.
set -e
cd "$(dirname "$0")"
render() { # svg size
    base=${1%.svg}
    convert -background none -density $((96 * $2 / $3)) "$1" -resize "$2x$2" -depth 8 "PNG32:png/$base-$2.png"
}
mkdir -p png
for svg in add cancel retry remove open folder settings pause resume hash extract; do
    for size in 16 24 32 48; do render "$svg.svg" $size 24; done
done
for svg in state-queued state-running state-completed state-failed state-canceled state-paused; do
    for size in 16 32; do render "$svg.svg" $size 16; done
done
for size in 16 32 48 64 128 256; do render fetchdeck.svg $size 64; done
