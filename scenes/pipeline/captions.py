"""Captions: manim writes a step's sentence as an SRT subcaption; browsers want WebVTT."""

from __future__ import annotations

import srt


def srt_to_vtt(text: str) -> str:
    """The same cues as WebVTT (``<track kind="captions">`` in a web page)."""

    def stamp(delta) -> str:
        millis = int(round(delta.total_seconds() * 1000))
        hours, rest = divmod(millis, 3_600_000)
        minutes, rest = divmod(rest, 60_000)
        seconds, millis = divmod(rest, 1000)
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"

    cues = [f"{stamp(c.start)} --> {stamp(c.end)}\n{c.content.strip()}" for c in srt.parse(text)]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"
