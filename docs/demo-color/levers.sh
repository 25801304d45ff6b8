#!/usr/bin/env bash
# The colour study's lever search (docs/demo-color.md): the 25 Noto members retrained with one lever changed from the
# paper's protocol (5 epochs: 128 Adam steps at batch 128), the committed 10 Twemoji members and oracle kept, then the
# whole study (./ksi demo color) on that folder, so every row is judged exactly as the committed run is. Run from the
# project root: docs/demo-color/levers.sh [LEVER...] (each about 30 minutes on 2 cores: 25 members x about 45 s, then
# the 11-minute study).
# Levers: paper (the paper's protocol itself, committed until the 20-epoch members replaced it); mnist-recipe (what
# the MNIST work learned: lr 6e-3 and time windows of width 0.3), lr6e-3, window0.3;
# sampler: the committed oracle and the 25 paper's-protocol Noto members (paper), fitted as the study fits them,
# sampled with the optimal-diffusion sampler and with Heun's ODE at about the same model calls, judged by ksi eval
# (about 12 minutes);
# heun: the whole study on the paper's-protocol members (paper) with Heun's ODE, 13 steps (the optimal sampler's 25
# model calls);
# ema: all 35 members retrained keeping the moving average of their weights (decay 0.999, warmed up), the oracle
# kept, the study run with each sampler (about 25 minutes of training and 2 x 11 minutes of study);
# batch32: all 35 members trained the same 5 epochs in batches of 32 (512 Adam steps instead of 128, about 47 s each),
# the study run with each sampler (about 28 minutes of training and 2 x 11 minutes of study);
# long5: 5 Noto members of 2,048 steps at batch 32, fitted alone and together, judged by ksi eval (18.5 minutes);
# long25: the whole study with 25 such Noto members (long5's five and 20 more, about 60 minutes of training), the
# committed Twemoji members and oracle kept: the recipe of the committed Noto members (EmojiCohorts.NOTO);
# one-model: what more training buys one member: the members' recipe (Adam, lr 2e-3, batch 32, seed 10000) run for
# 40,000 steps by models/python/train.py, saved at 5,000, 10,000 and 20,000 too, each judged by velocity_check.py
# beside the oracle (53 minutes on a 2-core VM that runs ./ksi demo in 407 s; needs PyTorch: TORCH_PYTHON, default
# python3, e.g. Debian's /usr/bin/python3).
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
cohorts() { # NAME TRAIN-ARGS...: all 35 members retrained (the paper's 5 epochs unless the args say otherwise), oracle kept
  local name="$1"; shift
  local dir="$out/$name"
  if [ ! -f "$dir/done" ]; then
    rm -rf "$dir" && mkdir -p "$dir/oracle" && cp models/emoji/oracle/* "$dir/oracle/"
    for c in "noto 25 10000" "twemoji 10 11000"; do
      set -- $c "${@}"
      local cohort="$1" members="$2" seed="$3"; shift 3
      ./ksi train-cohort --template "$T" --data "data/real/emoji/$cohort-train-images-idx4-ubyte.gz" \
        --name "$cohort" --models "$members" --seed "$seed" "$@" --out "$dir"
    done
    touch "$dir/done"
  fi
}
ema() {
  cohorts ema --steps 128 --batch 128 --ema 0.999
  ./ksi demo color -q --models "$out/ema" --out out/demo-color-ema | tail -8
  ./ksi demo color -q --models "$out/ema" --sampler heun --sample-steps 13 --out out/demo-color-ema-heun | tail -8
}
batch32() { # the same 5 epochs in batches of 32: 512 Adam steps, about the same time
  cohorts batch32 --steps 512 --batch 32
  ./ksi demo color -q --models "$out/batch32" --out out/demo-color-batch32 | tail -8
  ./ksi demo color -q --models "$out/batch32" --sampler heun --sample-steps 13 --out out/demo-color-batch32-heun | tail -8
}
sampler() {
  local dir="$out/sampler"; mkdir -p "$dir"
  [ -f "$out/paper/done" ] || lever paper
  python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); m["models"]=[e for e in m["models"] if e["tags"]["cohort"]=="noto"]; [e.update(file="../paper/"+e["file"]) for e in m["models"]]; json.dump(m,open(sys.argv[2],"w"))' "$out/paper/manifest.json" "$dir/noto.json"
  fit=(--data "$N" --pairs 384 --heldout 128 --steps 10 --ridge auto)
  ./ksi fit -q --models models/emoji/oracle/manifest.json "${fit[@]}" --out "$dir/oracle.json" > /dev/null
  ./ksi fit -q --models "$dir/noto.json" "${fit[@]}" --out "$dir/p25.json" > /dev/null
  for run in "oracle optimal 25" "oracle optimal 100" "oracle heun 50" "p25 optimal 25" "p25 heun 13"; do
    set -- $run
    ./ksi sample -q --ensemble "$dir/$1.json" -n 256 --steps "$3" --sampler "$2" --seed 3 \
      --out "$dir/$1-$2-$3.npy" --png "$dir/$1-$2-$3.png" > /dev/null
    echo "$1, $2 sampler, $3 steps: $(./ksi eval --samples "$dir/$1-$2-$3.npy" --likelihood-samples 0 | grep FID)"
  done
}
long5() { # are members that draw shapes worth combining? 5 Noto members of 2,048 Adam steps at batch 32 (20 epochs,
  # about 3 minutes each), each fitted alone and all five together, as the study fits, judged by ksi eval
  local dir="$out/long5"
  if [ ! -f "$dir/done" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    ./ksi train-cohort --template "$T" --data "$N" --name noto --models 5 --steps 2048 --batch 32 --seed 10000 \
      --out "$dir"
    touch "$dir/done"
  fi
  local fit=(--data "$N" --pairs 384 --heldout 128 --steps 10 --ridge auto)
  for i in 0 1 2 3 4 all; do
    python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); k=sys.argv[2]; m["models"]=m["models"] if k=="all" else [m["models"][int(k)]]; json.dump(m,open(sys.argv[3],"w"))' \
      "$dir/manifest.json" "$i" "$dir/set-$i.json"
    ./ksi fit -q --models "$dir/set-$i.json" "${fit[@]}" --out "$dir/fit-$i.json" > /dev/null
    ./ksi sample -q --ensemble "$dir/fit-$i.json" -n 256 --steps 25 --sampler optimal --seed 3 \
      --out "$dir/fit-$i.npy" --png "$dir/fit-$i.png" > /dev/null
    echo "fit $i: $(./ksi eval --samples "$dir/fit-$i.npy" --likelihood-samples 0 | grep FID)"
  done
}
long25() { # the full P sweep on members that draw heads: 25 Noto members of 2,048 steps at batch 32; the first five
  # are long5's (same seeds, so the same bytes), the other 20 are trained with seeds 10005... and renamed noto-05...
  local dir="$out/long25"
  if [ ! -f "$dir/done" ]; then
    [ -f "$out/long5/done" ] || long5
    rm -rf "$dir" && mkdir -p "$dir/oracle"
    cp models/emoji/twemoji-*.pt "$dir/" && cp models/emoji/oracle/* "$dir/oracle/" && cp "$out"/long5/noto-0?.pt "$dir/"
    ./ksi train-cohort --template "$T" --data "$N" --name more --models 20 --steps 2048 --batch 32 --seed 10005 \
      --out "$dir/more"
    python3 - "$dir" "$out/long5/manifest.json" <<'PY'
import json, os, sys
d, long5 = sys.argv[1], sys.argv[2]
twemoji = [e for e in json.load(open("models/emoji/manifest.json"))["models"] if e["tags"]["cohort"] == "twemoji"]
more = json.load(open(os.path.join(d, "more", "manifest.json")))["models"]
for i, e in enumerate(more):
    name = "noto-%02d" % (i + 5)
    os.rename(os.path.join(d, "more", e["file"]), os.path.join(d, name + ".pt"))
    e.update(name=name, file=name + ".pt")
    e["tags"]["cohort"] = "noto"
models = json.load(open(long5))["models"] + more + twemoji
json.dump({"description": "levers.sh long25", "models": models}, open(os.path.join(d, "manifest.json"), "w"), indent=1)
PY
    touch "$dir/done"
  fi
  ./ksi demo color -q --models "$dir" --out out/demo-color-long25 | tail -8
}
one_model() {
  local dir="$out/one-model" py="${TORCH_PYTHON:-python3}"
  if [ ! -f "$dir/long-00.pt" ]; then
    "$py" models/python/train.py --data "$N" --name long --models 1 --steps 40000 --batch 32 --lr 2e-3 \
      --channels 16,32,64 --temb 64 --seed 10000 --snapshots 5000,10000,20000 --out "$dir"
  fi
  "$py" docs/demo-color/velocity_check.py "$dir/one-model-by-steps.png" "$dir"/long-00-step{5000,10000,20000}.pt \
    "$dir/long-00.pt" models/emoji/oracle/oracle-00.pt
}
for l in ${@:-mnist-recipe}; do
  case "$l" in
    paper) lever "$l" ;;
    mnist-recipe) lever "$l" --lr 6e-3 --window 0.3 ;;
    lr6e-3) lever "$l" --lr 6e-3 ;;
    window0.3) lever "$l" --window 0.3 ;;
    sampler) sampler ;;
    heun)
      [ -f "$out/paper/done" ] || lever paper
      ./ksi demo color -q --models "$out/paper" --sampler heun --sample-steps 13 --out out/demo-color-heun | tail -8 ;;
    ema) ema ;;
    batch32) batch32 ;;
    long5) long5 ;;
    long25) long25 ;;
    one-model) one_model ;;
    *) echo "unknown lever $l" >&2; exit 2 ;;
  esac
done
