"""figures/training.svg: how the NumPy network learned, redrawn from what network.npz stores.

matplotlib is imported inside the function (Agg backend), so importing this module is free.
The SVG is deterministic: fixed hash salt, no date in the metadata.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from compute.files import atomic_write

FIGURE_PATH = Path(__file__).resolve().parents[1] / "figures" / "training.svg"


def plot_training(history: dict[str, np.ndarray], network, path: str | Path = FIGURE_PATH) -> Path:
    """Write loss and accuracy per epoch, and what the first layer learned, to ``path``.

    SVG (deterministic: fixed hash salt, no date); another suffix, e.g. .png, for a preview.

    history: HISTORY_KEYS -> (E,) arrays (train_loss, train_acc, heldout_acc, seconds);
    network: a ``compute.nn.models`` model — NiN: its first-layer kernels ``params["conv1_w"]`` (C1,1,k,k);
    PointNet: its shared first layer ``params["mlp1_w"]`` (C1,2), each unit's direction in the plane.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    loss = np.asarray(history["train_loss"], dtype=float)
    train_acc = np.asarray(history["train_acc"], dtype=float)
    held_acc = np.asarray(history["heldout_acc"], dtype=float)
    seconds = np.asarray(history["seconds"], dtype=float)
    epochs = np.arange(1, len(loss) + 1)
    is_nin = "conv1_w" in network.params

    with plt.rc_context({"svg.hashsalt": "onebyone", "svg.fonttype": "path", "font.size": 9}):
        fig = plt.figure(figsize=(10.5, 3.7))
        outer = fig.add_gridspec(
            1, 3, width_ratios=[1, 1, 0.9], wspace=0.35, left=0.06, right=0.98, top=0.78, bottom=0.14
        )
        ax_loss = fig.add_subplot(outer[0])
        ax_loss.plot(epochs, loss, "o-", color="#1f77b4", ms=3)
        ax_loss.set(xlabel="epoch", ylabel="cross-entropy", title="training loss")
        ax_loss.set_yscale("log")
        ax_loss.grid(alpha=0.3)

        ax_acc = fig.add_subplot(outer[1])
        ax_acc.plot(epochs, 100 * train_acc, "o-", ms=3, label="train (running)")
        ax_acc.plot(epochs, 100 * held_acc, "s-", ms=3, label="held out (2,000)")
        ax_acc.set(xlabel="epoch", ylabel="accuracy (%)", title="accuracy")
        ax_acc.set_ylim(max(0.0, 100 * np.nanmin(np.r_[train_acc, held_acc]) - 2), 100)
        ax_acc.grid(alpha=0.3)
        ax_acc.legend(loc="lower right", frameon=False)
        if np.isfinite(held_acc[-1]):
            ax_acc.annotate(
                f"{100 * held_acc[-1]:.2f}%",
                (epochs[-1], 100 * held_acc[-1]),
                textcoords="offset points",
                xytext=(0, -14),
                ha="right",
            )

        total = float(network.meta.get("train_seconds", np.nansum(seconds)))
        if is_nin:
            _kernels(fig, outer[2], np.asarray(network.params["conv1_w"])[:, 0])
            arch = " → ".join(
                [
                    f"{k}×{k} conv ({c})" + (" → pool" if i == 0 else "")
                    for i, (c, k) in enumerate(zip(network.channels, network.kernel_sizes))
                ]
                + ["1×1 head (10)", "global average"]
            )
            title = f"NumPy network-in-network on 8,000 MNIST digits, {len(loss)} epochs in {total:.0f} s\n{arch}"
        else:
            _directions(fig.add_subplot(outer[2]), np.asarray(network.params["mlp1_w"]))
            mlp, head = network.config["mlp"], network.config["head"]
            layers = " → ".join(map(str, mlp)), " → ".join(map(str, head))
            arch = f"shared MLP (1×1 conv) 2 → {layers[0]} → max over points → {layers[1]} → 10"
            title = f"NumPy PointNet on 8,000 MNIST digits as point clouds, {len(loss)} epochs in {total:.0f} s\n{arch}"
        fig.suptitle(
            title,
            x=0.06,
            ha="left",
            y=0.99,
            fontsize=9,
        )
        fmt = path.suffix.lower().lstrip(".")
        options = {"metadata": {"Date": None}} if fmt == "svg" else {"dpi": 150}  # e.g. a PNG preview
        atomic_write(path, lambda tmp: fig.savefig(tmp, format=fmt, **options))
        plt.close(fig)
    return path


def _kernels(fig, cell, kernels: np.ndarray) -> None:
    """The learned first-layer kernels (C1,k,k) as small images on one symmetric colour scale."""
    n_k = len(kernels)
    cols = int(np.ceil(np.sqrt(n_k)))
    rows = int(np.ceil(n_k / cols))
    inner = cell.subgridspec(rows, cols, wspace=0.08, hspace=0.08)
    lim = float(np.abs(kernels).max()) or 1.0
    for i in range(rows * cols):
        ax = fig.add_subplot(inner[i // cols, i % cols])
        ax.set_xticks([])
        ax.set_yticks([])
        if i < n_k:
            ax.imshow(kernels[i], cmap="RdBu_r", vmin=-lim, vmax=lim, interpolation="nearest")
        else:
            ax.axis("off")
    k = kernels.shape[-1]
    fig.text(0.855, 0.82, f"learned first-layer {k}×{k} kernels (red +, blue −)", ha="center")


def _directions(ax, weights: np.ndarray) -> None:
    """The shared first layer (C1,2): each unit's weight vector (w_x, w_y), the direction it responds to."""
    lim = float(np.abs(weights).max()) * 1.1 or 1.0
    for wx, wy in weights:
        ax.plot([0, wx], [0, wy], color="#1f77b4", lw=0.8, alpha=0.7)
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", xlabel="w_x", ylabel="w_y")
    ax.set_title(f"first layer: {len(weights)} weight vectors")
    ax.grid(alpha=0.3)
