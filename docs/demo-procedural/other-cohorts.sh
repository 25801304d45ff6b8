#!/usr/bin/env bash
# The demo's 100-step digit cohort remade two other ways, each scored by `ksi demo --procedural --quick` with everything else
# unchanged (the other cohorts, the oracle, seeds): plain SGD (momentum 0.9) instead of Adam, and a wider U-Net
# (the oracle's 16/32/64 template instead of 8/16/32). About 6 and 9 minutes on 2 cores.
# Run from the project root: docs/demo-procedural/other-cohorts.sh [sgd|wide|adam]...
# "adam" remakes the committed cohort with the CLI (the recipe of ./ksi demo --procedural --retrain), as a check of the recipe.
set -euo pipefail
cd "$(dirname "$0")/../.."
for variant in "${@:-sgd wide}"; do
  for v in $variant; do
    dir=out/cohort-$v
    rm -rf "$dir" && mkdir -p out && cp -r models/demo "$dir"
    case $v in
      adam) extra=() ;;
      sgd) extra=(--optimizer sgd --lr 0.05) ;;
      wide) extra=(--template models/templates/train/unet_oracle.pt) ;;
      *) echo "unknown variant $v (expected sgd, wide or adam)" >&2; exit 2 ;;
    esac
    # same names as the committed members: train-cohort replaces their manifest entries and files
    ./ksi train-cohort --name digits-100 --domain digits --models 20 --steps 100 --seed 2000 "${extra[@]}" --out "$dir"
    ./ksi demo --procedural --quick -q --models "$dir" --out "$dir/report" | grep -E "digits-100|references|report:"
  done
done
