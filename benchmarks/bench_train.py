"""Time training each NumPy network (NiN, PointNet) and report held-out accuracy; goal: each full run
≤ 5 min on 2 cores.

    .venv/bin/python benchmarks/bench_train.py                 # both models, full runs, committed settings
    .venv/bin/python benchmarks/bench_train.py pointnet        # one model
    .venv/bin/python benchmarks/bench_train.py --epochs 1      # one epoch each, extrapolated (labelled as such)

Writes no weights: the committed ones in compute/assets/ stay as they are.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from compute.nn.models import MODELS  # noqa: E402
from compute.nn.train import train_model  # noqa: E402

GOAL_SECONDS = 300  # a full training run of either model on 2 cores


def bench(name: str, epochs: int | None, seed: int | None) -> None:
    full = MODELS[name].TRAINING["epochs"]
    epochs = epochs or full
    print(f"{name}: cores {os.cpu_count()}, epochs {epochs} of {full}", flush=True)

    def on_epoch(epoch: int, r: dict) -> None:
        print(
            f"  epoch {epoch + 1:2d}: loss {r['train_loss']:.4f}  train {100 * r['train_acc']:.2f}%  "
            f"held-out {100 * r['heldout_acc']:.2f}%  {r['seconds']:.1f} s",
            flush=True,
        )

    t0 = time.perf_counter()
    model, history = train_model(name, epochs, seed, on_epoch=on_epoch)
    wall = time.perf_counter() - t0
    per_epoch = float(history["seconds"].mean())
    n_params = sum(p.size for p in model.params.values())
    print(f"  {n_params} parameters; measured {wall:.1f} s wall for {epochs} epoch(s), {per_epoch:.1f} s/epoch")
    total = wall if epochs == full else per_epoch * full
    label = "" if epochs == full else "EXTRAPOLATED "
    verdict = "✓" if total <= GOAL_SECONDS else "✗"
    print(f"  {label}full run ({full} epochs): {total:.0f} s {verdict} (goal ≤ {GOAL_SECONDS} s)")
    print(f"  held-out accuracy after {epochs} epoch(s): {100 * model.heldout_accuracy:.2f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="*", choices=[[], *MODELS], default=list(MODELS))
    parser.add_argument("--epochs", type=int, default=None, help="epochs to run (default: the full run)")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    for name in args.models or MODELS:
        bench(name, args.epochs, args.seed)


if __name__ == "__main__":
    main()
