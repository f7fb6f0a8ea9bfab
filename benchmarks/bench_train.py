"""Time training the NumPy network and report held-out accuracy.

    .venv/bin/python benchmarks/bench_train.py            # a full run with the committed settings
    .venv/bin/python benchmarks/bench_train.py --epochs 1 # one epoch, extrapolated (labelled as such)

Does not touch compute/assets/network.npz.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from compute.train import EPOCHS, SEED, train  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"epochs to run (full run: {EPOCHS})")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()

    print(f"cores: {os.cpu_count()}, epochs: {args.epochs} of {EPOCHS}, seed {args.seed}")

    def on_epoch(epoch: int, r: dict) -> None:
        print(
            f"  epoch {epoch + 1:2d}: loss {r['train_loss']:.4f}  train {100 * r['train_acc']:.2f}%  "
            f"held-out {100 * r['heldout_acc']:.2f}%  {r['seconds']:.1f} s",
            flush=True,
        )

    t0 = time.perf_counter()
    network, history = train(epochs=args.epochs, seed=args.seed, on_epoch=on_epoch)
    wall = time.perf_counter() - t0
    per_epoch = float(history["seconds"].mean())
    print(f"architecture: channels {network.channels}, kernels {network.kernel_sizes}, {network.n_params} parameters")
    print(f"measured: {wall:.1f} s wall for {args.epochs} epoch(s), {per_epoch:.1f} s/epoch (incl. held-out eval)")
    if args.epochs != EPOCHS:
        print(f"EXTRAPOLATED full run ({EPOCHS} epochs): ~{per_epoch * EPOCHS:.0f} s")
    print(f"held-out accuracy after {args.epochs} epoch(s): {100 * network.heldout_accuracy:.2f}%")


if __name__ == "__main__":
    main()
