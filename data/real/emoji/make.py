#!/usr/bin/env python3
"""Makes the colour emoji datasets under data/real/emoji from their npm packages, once; the results are committed.

    /usr/bin/python3 data/real/emoji/make.py     # needs npm, the registry and Pillow (Debian: python3-pil)

- Noto Emoji: npm `emoji-datasource-google` 16.0.0, img/google/64/*.png (images: Apache License 2.0).
- Twemoji: npm `emoji-datasource-twitter` 16.0.0, img/twitter/64/*.png (graphics: CC-BY 4.0, Twitter, Inc. and
  other contributors; attribution in ATTRIBUTION.md beside the data).
Every image with art in both packages (base emoji and skin-tone variants; the "Component" category, swatches and hair
parts, is left out) is composited on white, converted to RGB and downsampled 64 -> 32 with Lanczos. The split is by
base emoji: the base codes, sorted, shuffled by random.Random(0), the last 15% held out with all their skin-tone
variants, so a held-out emoji is unseen in both vendors' training art; each part's rows then shuffled by
random.Random(1), the same order in both vendors.
Outputs, per vendor (noto, twemoji) and part (train, heldout): IDX files (gzip, mtime 0) of images [N, 3, 32, 32]
(unsigned bytes, channel-first, the order models take) and category labels [N] (0..8, CATEGORIES below); emoji.csv
lists every row (part, index, unified code, name, category). provenance.json has the sha256 of tarballs and outputs.
"""
import csv
import gzip
import hashlib
import io
import json
import os
import random
import struct
import subprocess
import tarfile
import tempfile

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
VERSION = "16.0.0"
VENDORS = {"noto": ("emoji-datasource-google", "google"), "twemoji": ("emoji-datasource-twitter", "twitter")}
CATEGORIES = ["Smileys & Emotion", "People & Body", "Animals & Nature", "Food & Drink", "Travel & Places",
              "Activities", "Objects", "Symbols", "Flags"]
SIZE = 32
HELD_OUT = 0.15


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_idx(path, dims, data):
    """IDX: magic 0x00000800 | ndims, big-endian dims, unsigned bytes."""
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(struct.pack(">I", 0x0800 | len(dims)))
        for d in dims:
            f.write(struct.pack(">I", d))
        f.write(bytes(data))


def rows(emoji):
    """(base code, unified code, name, category index, image file) for every image of an emoji with art in both."""
    for e in emoji:
        if e["category"] not in CATEGORIES or not (e["has_img_google"] and e["has_img_twitter"]):
            continue
        c = CATEGORIES.index(e["category"])
        yield e["unified"], e["unified"], e["name"] or e["short_name"], c, e["image"]
        for v in (e.get("skin_variations") or {}).values():
            if v.get("has_img_google") and v.get("has_img_twitter"):
                yield e["unified"], v["unified"], e["name"] or e["short_name"], c, v["image"]


def to_chw(png_bytes):
    """RGBA 64x64 on white, Lanczos to 32x32, as channel-first bytes."""
    im = Image.open(io.BytesIO(png_bytes)).convert("RGBA")
    white = Image.new("RGBA", im.size, (255, 255, 255, 255))
    rgb = Image.alpha_composite(white, im).convert("RGB").resize((SIZE, SIZE), Image.LANCZOS)
    px = rgb.tobytes()  # HWC
    return bytes(px[(y * SIZE + x) * 3 + ch] for ch in range(3) for y in range(SIZE) for x in range(SIZE))


def main():
    provenance = {"packages": {}, "outputs": {}}
    with tempfile.TemporaryDirectory() as tmp:
        tars = {}
        for vendor, (package, folder) in VENDORS.items():
            subprocess.run(["npm", "pack", f"{package}@{VERSION}"], cwd=tmp, check=True, capture_output=True)
            tgz = os.path.join(tmp, f"{package}-{VERSION}.tgz")
            provenance["packages"][package] = {"version": VERSION, "sha256": sha256(tgz)}
            tars[vendor] = (tarfile.open(tgz), folder)
        emoji = json.load(tars["noto"][0].extractfile("package/emoji.json"))
        table = list(rows(emoji))
        bases = sorted({r[0] for r in table})
        random.Random(0).shuffle(bases)
        held = set(bases[int(round(len(bases) * (1 - HELD_OUT))):])
        parts = {"train": [r for r in table if r[0] not in held], "heldout": [r for r in table if r[0] in held]}
        for chosen in parts.values():
            random.Random(1).shuffle(chosen)  # any prefix holds every category
        for vendor, (tar, folder) in tars.items():
            for part, chosen in parts.items():
                images = bytearray()
                for _, _, _, _, file in chosen:
                    images += to_chw(tar.extractfile(f"package/img/{folder}/64/{file}").read())
                img = os.path.join(HERE, f"{vendor}-{part}-images-idx4-ubyte.gz")
                lab = os.path.join(HERE, f"{vendor}-{part}-labels-idx1-ubyte.gz")
                write_idx(img, [len(chosen), 3, SIZE, SIZE], images)
                write_idx(lab, [len(chosen)], [r[3] for r in chosen])
                for path in (img, lab):
                    provenance["outputs"][os.path.basename(path)] = sha256(path)
    listing = os.path.join(HERE, "emoji.csv")
    with open(listing, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["part", "index", "unified", "name", "category"])
        for part, chosen in parts.items():
            for i, (_, code, name, c, _) in enumerate(chosen):
                w.writerow([part, i, code, name, CATEGORIES[c]])
    provenance["outputs"]["emoji.csv"] = sha256(listing)
    provenance["categories"] = CATEGORIES
    provenance["split"] = (f"by base emoji: {len(bases)} base codes sorted, shuffled by random.Random(0), the last "
                           f"{len(held)} ({HELD_OUT:.0%}) held out with their skin-tone variants; rows "
                           f"{len(parts['train'])} train, {len(parts['heldout'])} held out, the same in both vendors")
    with open(os.path.join(HERE, "provenance.json"), "w") as f:
        json.dump(provenance, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
