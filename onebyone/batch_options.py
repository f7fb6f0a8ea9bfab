"""What ``render all`` renders, and where: its ``Options`` (shared by the batch and its stamps)."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from scenes.settings import LECTURE_FPS, LECTURE_QUALITY

PARTS = ("still", "video")


@dataclass(frozen=True)
class Options:
    """What ``render all`` renders, and where."""

    figures_dir: Path = Path("figures")
    media: Path = Path("media")
    quality: str = LECTURE_QUALITY
    fps: int = LECTURE_FPS
    pace: float = 1.0
    video: bool = True
    force: bool = False
    jobs: int = os.cpu_count() or 1

    def parts(self) -> tuple[str, ...]:
        return PARTS if self.video else ("still",)

    def as_json(self) -> dict:
        data = dataclasses.asdict(self)
        data["figures_dir"], data["media"] = str(self.figures_dir), str(self.media)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Options":
        return cls(**{**data, "figures_dir": Path(data["figures_dir"]), "media": Path(data["media"])})
