#!/bin/bash
# Times `fit lasso` and `blend` (BALSE) on 1M generated ratings, 20k items, 500 tags.
# Usage: bench/coldstart.sh   (builds mk in release first)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product mk >/dev/null
/usr/bin/time -v .build/release/mk run bench/coldstart.mk 2> >(grep -E "Elapsed|Maximum resident" >&2)
