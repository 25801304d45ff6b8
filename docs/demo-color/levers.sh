#!/usr/bin/env bash
# The colour study's lever search (docs/demo-color.md): the 25 Noto members retrained with one lever changed, the
# committed 10 Twemoji members and oracle kept, then the whole study (./ksi demo color) on that folder, so every row
# is judged exactly as the committed run is. Run from the project root: docs/demo-color/levers.sh [LEVER...]
# (each about 30 minutes on 2 cores: 25 members x about 45 s, then the 11-minute study).
# Levers: mnist-recipe (what the MNIST work learned: lr 6e-3 and time windows of width 0.3), lr6e-3, window0.3.
set -euo pipefail
out=out/emoji-levers
N=data/real/emoji/noto-train-images-idx4-ubyte.gz
T=models/templates/train/unet_color_cohort.pt
lever() { # NAME TRAIN-ARGS...
  local name="$1"; shift
  local dir="$out/$name"
  if [ ! -f "$dir/done" ]; then
    rm -rf "$dir" && mkdir -p "$dir/oracle"
    cp models/emoji/twemoji-*.pt "$dir/" && cp models/emoji/oracle/* "$dir/oracle/"
    python3 -c 'import json,sys; m=json.load(open("models/emoji/manifest.json")); m["models"]=[e for e in m["models"] if e["tags"]["cohort"]=="twemoji"]; json.dump(m,open(sys.argv[1],"w"),indent=1)' "$dir/manifest.json"
    # the paper's protocol otherwise: 25 members, 5 epochs (128 Adam steps at batch 128), seeds 10000 + i
    ./ksi train-cohort --template "$T" --data "$N" --name noto --models 25 --steps 128 --batch 128 --seed 10000 \
      "$@" --out "$dir"
    touch "$dir/done"
  fi
  ./ksi demo color -q --models "$dir" --out "out/demo-color-$name" | tail -8
}
for l in ${@:-mnist-recipe}; do
  case "$l" in
    mnist-recipe) lever "$l" --lr 6e-3 --window 0.3 ;;
    lr6e-3) lever "$l" --lr 6e-3 ;;
    window0.3) lever "$l" --window 0.3 ;;
    *) echo "unknown lever $l" >&2; exit 2 ;;
  esac
done
