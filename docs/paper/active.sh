#!/usr/bin/env bash
# Issue N's screened sparse fit (ksi fit --active K) against a dense fit re-solved as top:K (ksi solve), on the demo's
# trained mnist-100 cohort (20 members, real MNIST): 512 pairs (+256 held out) per time on the demo's 20-step grid,
# ridge auto; each ensemble sampled with the optimal sampler on 40 steps (256 samples, seed 3, the same noise) and
# judged by ksi eval; the screen at every time and at every 4th (--screen-every 4). Run from the project root:
# docs/paper/active.sh [K ...] (about 10 minutes per K on 2 cores).
set -euo pipefail
out=out/active
mkdir -p "$out"
M=data/real/mnist/train-images-idx3-ubyte.gz
models=$(ls models/mnist/mnist-100-*.pt | paste -sd, -)
fit=(--models "$models" --data "$M" --pairs 512 --heldout 256 --steps 20 --ridge auto)
seconds() { local s; s=$(date +%s.%N); "$@" > /dev/null; echo "$(date +%s.%N) - $s" | bc; }
judge() { ./ksi eval --samples "$1" --likelihood-samples 0 | grep -E 'FID'; }
start=$(date +%s.%N)
./ksi fit -q "${fit[@]}" --out "$out/dense.json" > "$out/dense.log"
dense=$(echo "$(date +%s.%N) - $start" | bc)
echo "dense fit: ${dense} s; $(grep mean "$out/dense.log")"
for k in "${@:-4}"; do
  ./ksi solve -q --ensemble "$out/dense.json" --rule "top:$k" --out "$out/top$k.json" > /dev/null
  for every in 1 4; do
    name="active$k"; [ "$every" = 1 ] || name="active$k-every$every"
    start=$(date +%s.%N)
    ./ksi fit -q "${fit[@]}" --active "$k" --screen-every "$every" --out "$out/$name.json" > "$out/$name.log"
    echo "$name fit: $(echo "$(date +%s.%N) - $start" | bc) s (dense ${dense} s)"
    grep -E 'sparse fit|mean' "$out/$name.log"
  done
  for e in "top$k" "active$k" "active$k-every4"; do
    s=$(seconds ./ksi sample -q --ensemble "$out/$e.json" -n 256 --steps 40 --seed 3 --out "$out/$e.npy" \
      --png "$out/$e.png")
    echo "$e: sample ${s} s; $(judge "$out/$e.npy")"
  done
done
