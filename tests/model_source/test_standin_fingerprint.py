"""The stand-in's fingerprint comes from its files' content at every build, whatever their
size, modification time and inode say (hf_model_guide.model.source.standin_fingerprint;
issue 33: weights patched in place with the mtime put back)."""

from __future__ import annotations

import os

from hf_model_guide.model import source
from hf_model_guide.model.standin import build


def model_folder(root):
    folder = root / "standin" / "recipe"
    names = [*build.REPO_FILES, *(f"{build.PRETRAINED}/{n}" for n in build.PRETRAINED_FILES)]
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(name, encoding="utf-8")
    return folder


def test_weights_patched_in_place_with_their_mtime_put_back_change_the_fingerprint(tmp_path):
    folder = model_folder(tmp_path)
    first = source.standin_fingerprint(folder)
    assert first == build.fingerprint(folder)
    weights = folder / "model.safetensors"
    stat = weights.stat()
    with open(weights, "r+b") as file:  # same size, same inode
        file.write(b"M")
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (weights.stat().st_size, weights.stat().st_ino) == (stat.st_size, stat.st_ino)
    assert source.standin_fingerprint(folder) != first
    assert not list(folder.parent.glob("*.fingerprint.json"))  # nothing memoised
