#!/usr/bin/env bash
# Issue L's "fewer evaluations" lever: fit eta(t) on a coarser time grid than the sampler's (EtaTable interpolates
# linearly between the fitted times). The demo's trained mnist-100 cohort (20 members, real MNIST), 512 pairs (+128
# held out) per time, fitted on 40, 20, 10 and 5 steps, each sampled with the optimal sampler on 40 steps (256
# samples, seed 1) and judged by ksi eval. Run from the project root: docs/paper/levers.sh (about 12 minutes, 2 cores).
set -euo pipefail
out=out/levers-paper
mkdir -p "$out"
M=data/real/mnist/train-images-idx3-ubyte.gz
models=$(ls models/mnist/mnist-100-*.pt | paste -sd, -)
for k in "${@:-40 20 10 5}"; do
  for steps in $k; do
    start=$(date +%s)
    ./ksi fit -q --models "$models" --data "$M" --pairs 512 --heldout 128 --steps "$steps" \
      --out "$out/fit-$steps.json" > "$out/fit-$steps.log"
    fit=$(($(date +%s) - start))
    ./ksi sample -q --ensemble "$out/fit-$steps.json" -n 256 --steps 40 --out "$out/fit-$steps.npy" \
      --png "$out/fit-$steps.png" > /dev/null
    echo "fitted on $steps steps in ${fit} s, sampled on 40: $(./ksi eval --samples "$out/fit-$steps.npy" | grep FID)"
  done
done
