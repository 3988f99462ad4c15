"""The stand-in's fingerprint comes from its files' content: kept beside the folder, and
hashed again when a file was written, whatever its size, modification time and inode say
(hf_model_guide.model.source.standin_fingerprint; issue 33: weights patched in place with
the mtime put back)."""

from __future__ import annotations

import json
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
    assert source.standin_fingerprint(folder) == build.fingerprint.__wrapped__(folder)


def test_the_fingerprint_is_kept_while_no_file_changes(tmp_path):
    folder = model_folder(tmp_path)
    first = source.standin_fingerprint(folder)
    memo = folder.parent / "recipe.fingerprint.json"
    kept = json.loads(memo.read_text(encoding="utf-8"))
    assert kept["fingerprint"] == first
    assert not (folder / "recipe.fingerprint.json").exists()  # the model folder lists as before
    memo.write_text(json.dumps({**kept, "fingerprint": "standin-kept"}), encoding="utf-8")
    assert source.standin_fingerprint(folder) == "standin-kept"  # read, not hashed

    (folder / "model.safetensors").write_text("other weights", encoding="utf-8")
    build.fingerprint.cache_clear()
    again = source.standin_fingerprint(folder)
    assert again not in {first, "standin-kept"}
    assert json.loads(memo.read_text(encoding="utf-8"))["fingerprint"] == again
    build.fingerprint.cache_clear()


def test_the_fingerprint_names_the_weights_not_the_card(tmp_path):
    """Issue 31: two machines with the same weights have one fingerprint, whatever else the
    folder holds; other weights give another."""
    folder = model_folder(tmp_path)
    build.fingerprint.cache_clear()
    first = build.fingerprint(folder)
    (folder / "README.md").write_text("a card another machine wrote", encoding="utf-8")
    (folder / ".gitattributes").write_text("*.bin filter=lfs\n", encoding="utf-8")
    build.fingerprint.cache_clear()
    assert build.fingerprint(folder) == first
    (folder / build.PRETRAINED / "model.safetensors").write_text("other", encoding="utf-8")
    build.fingerprint.cache_clear()
    assert build.fingerprint(folder) != first
    build.fingerprint.cache_clear()
