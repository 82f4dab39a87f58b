#!/usr/bin/env bash
# Benchmark: the full pipeline on 640x480 one-face photos, 1 thread vs all cores.
# Makes the photo set from eight one-face shared test photos (scaled to fit 640x480, grey
# borders), then runs `facecase-cli bench pipeline`. Extra arguments go to the benchmark
# (e.g. --min-face 80, --descriptor-mode plain, --json).
#
#   tests/bench/pipeline_640x480.sh [build/release/app/cli/facecase-cli] [bench options…]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cli=${1:-$repo/build/release/app/cli/facecase-cli}
shift || true
data=${FACECASE_TESTDATA:-$repo/../shared/testdata}/detection/face-recognition-samples/examples
command -v convert >/dev/null || { echo "needs ImageMagick's convert (apt-get install imagemagick)" >&2; exit 2; }
[ -x "$cli" ] || { echo "no facecase-cli at $cli (build first: installer/setup.sh --build)" >&2; exit 2; }

set_dir=$(mktemp -d); trap 'rm -rf "$set_dir"' EXIT
i=0
for photo in obama.jpg obama2.jpg biden.jpg obama-480p.jpg alex-lacamoire.png lin-manuel-miranda.png \
             knn_examples/train/rose_leslie/img1.jpg knn_examples/train/kit_harington/john1.jpeg; do
  i=$((i + 1))
  convert "$data/$photo" -resize '640x480' -background gray50 -gravity center -extent 640x480 -quality 92 "$set_dir/face$i.jpg"
done
"$cli" detect "$set_dir"/*.jpg | grep -E ': [0-9]+ face' | sed 's|.*/||'
"$cli" bench pipeline --repeat 10 "$@" "$set_dir"/*.jpg
