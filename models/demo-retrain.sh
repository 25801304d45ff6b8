#!/usr/bin/env bash
# Remakes the demo's committed models (models/demo): the weak cohorts and the oracle, all trained in Java by ksi.
# Same as `./ksi demo --retrain`; about 30 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
out=models/demo
rm -rf "$out" && mkdir -p "$out"
./ksi train-cohort --name digits-50  --domain digits   --models 20 --steps 50  --seed 1000 --out "$out"
./ksi train-cohort --name digits-100 --domain digits   --models 20 --steps 100 --seed 2000 --out "$out"
./ksi train-cohort --name letters    --domain letters  --models 10 --steps 100 --seed 3000 --out "$out"
./ksi train-cohort --name garments   --domain garments --models 10 --steps 100 --seed 4000 --out "$out"
./ksi train-cohort --name cursive    --domain cursive  --models 10 --steps 100 --seed 5000 --out "$out"
./ksi train-cohort --name oracle --template models/templates/train/unet_oracle.pt --domain digits --images 30000 \
    --models 1 --steps 2500 --seed 9000 --out "$out/oracle"
