#!/usr/bin/env bash
# The recipe search of docs/demo.md, one lever at a time: a 20-member cohort on real MNIST (100 steps, batch 128),
# fitted as one ensemble (1024 pairs + 512 held out, 41 times, ridge chosen on the held-out pairs), 256 samples,
# judged by `ksi eval`. Run from the project root: docs/demo/levers.sh [LEVER...] (each about 10-15 minutes on 2 cores).
# Levers: baseline lr6e-3 window0.3 ; and, on the window0.3 cohort, the samplers heun40 and optimal100;
# identity: the demo's committed 100-step cohort (models/mnist) fitted alone, without and with the field x itself
# beside the models (ksi fit --identity), 512 pairs x 21 times like the demo; paper-size: the demo's recipe on the
# paper's 32/64/128 U-Net (about 28 minutes).
set -euo pipefail
out=out/levers
mkdir -p "$out"
M=data/real/mnist/train-images-idx3-ubyte.gz
cohort() { # NAME TRAIN-ARGS...
  local dir="$out/$1"; shift
  [ -f "$dir/cohort/manifest.json" ] ||
    ./ksi train-cohort --threads 1 --name m --data "$M" --models 20 --steps 100 --seed 0 "$@" --out "$dir/cohort"
  [ -f "$dir/ensemble.json" ] ||
    ./ksi fit --threads 1 --models "$dir/cohort/manifest.json" --data "$M" --pairs 1024 --steps 40 --ridge auto \
      --out "$dir/ensemble.json" -q
}
judge() { # NAME SAMPLER STEPS
  local dir="$out/$1"
  ./ksi sample --threads 1 --ensemble "$dir/ensemble.json" -n 256 --sampler "$2" --steps "$3" \
    --out "$dir/$2-$3.npy" --png "$dir/$2-$3.png" -q > /dev/null
  echo "$1 $2 $3 steps: $(./ksi eval --samples "$dir/$2-$3.npy" | grep FID)"
}
for lever in "${@:-baseline lr6e-3 window0.3 heun40 optimal100}"; do
  for l in $lever; do
    case "$l" in
      baseline) cohort baseline --lr 2e-3 && judge baseline optimal 0 ;;
      lr6e-3) cohort lr6e-3 --lr 6e-3 && judge lr6e-3 optimal 0 ;;
      window0.3) cohort window0.3 --lr 2e-3 --window 0.3 && judge window0.3 optimal 0 ;;
      heun40) cohort window0.3 --lr 2e-3 --window 0.3 && judge window0.3 heun 40 ;;
      optimal100) cohort window0.3 --lr 2e-3 --window 0.3 && judge window0.3 optimal 100 ;;
      identity)
        python3 -c 'import json,sys; m=json.load(open("models/mnist/manifest.json")); m["models"]=[e for e in m["models"] if e["tags"]["cohort"]=="mnist-100"]; [e.update(file="../../models/mnist/"+e["file"]) for e in m["models"]]; json.dump(m,open(sys.argv[1],"w"))' "$out/mnist-100.json"
        for flag in "" --identity; do
          name="demo-cohort${flag}"
          mkdir -p "$out/$name"
          ./ksi fit --threads 1 --models "$out/mnist-100.json" --data "$M" --pairs 512 --heldout 256 --steps 20 \
            --ridge auto $flag --out "$out/$name/ensemble.json" -q
          judge "$name" optimal 40
        done ;;
      paper-size) # the demo's recipe (lr 6e-3, windows 0.3, 100 steps) on the paper's 32/64/128 U-Net, fitted as the
        # demo's cohort alone is (512 + 256 pairs x 21 times, ridge auto): width alone, at 10x the cost per evaluation
        dir="$out/paper-size"
        [ -f "$dir/cohort/manifest.json" ] ||
          ./ksi train-cohort --name p --data "$M" --models 20 --steps 100 --seed 0 --lr 6e-3 --window 0.3 \
            --template models/templates/unet_mnist.pt --out "$dir/cohort"
        [ -f "$dir/ensemble.json" ] ||
          ./ksi fit --models "$dir/cohort/manifest.json" --data "$M" --pairs 512 --heldout 256 --steps 20 \
            --ridge auto --out "$dir/ensemble.json" -q
        judge paper-size optimal 40 ;;
      *) echo "unknown lever $l" >&2; exit 2 ;;
    esac
  done
done
