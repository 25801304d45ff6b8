#!/usr/bin/env python3
"""Makes NAME.ipynb from NAME.jsh: '//--' separates cells, '//md ' lines become markdown cells.

The JShell scripts are the source of truth; `./ksi notebook run --quick --in-place X.ipynb` then fills in the outputs.
  python3 notebooks-java/jsh2ipynb.py notebooks-java/*.jsh
"""
import json
import sys


def cells_of(text):
    for block in text.split("//--\n"):
        md = [l[5:] if l.startswith("//md ") else "" for l in block.splitlines() if l.startswith("//md")]
        code = [l for l in block.splitlines() if not l.startswith("//md")]
        if md:
            yield {"cell_type": "markdown", "metadata": {}, "source": "\n".join(md).splitlines(keepends=True)}
        if any(l.strip() for l in code):
            yield {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                   "source": "\n".join(code).strip("\n").splitlines(keepends=True)}


def main():
    for path in sys.argv[1:]:
        if path.endswith("startup.jsh"):
            continue
        with open(path) as f:
            text = f.read()
        setup = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": [
            "// the ksi kernel finds these from any folder; JJava needs the notebook in notebooks-java/ and `mvn package`\n",
            "%classpath target/classes\n",
            "%classpath target/lib/*.jar\n",
            "%load startup.jsh"]}
        cells = [setup] + list(cells_of(text))
        for i, cell in enumerate(cells):
            cell["id"] = f"cell-{i + 1}"  # nbformat 4.5 wants an id on every cell
        nb = {"cells": cells,
              "metadata": {"kernelspec": {"display_name": "Java (ksi)", "language": "java", "name": "ksi"},
                           "language_info": {"name": "java", "file_extension": ".jshell"}},
              "nbformat": 4, "nbformat_minor": 5}
        with open(path[:-4] + ".ipynb", "w") as f:
            json.dump(nb, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
