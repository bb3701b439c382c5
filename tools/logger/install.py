"""Put qualpipe's Snakemake logger (this folder) on the running Python's path, once.

The workflow profile selects it (`logger: [qualpipe]`), and Snakemake finds a logger plugin
by its module name on the path. `make` runs this for .venv; with the conda environment
(environment.yml), run `python tools/logger/install.py` once after `conda activate qualpipe`.
It writes one .pth file into the environment's site-packages: no build, no download.
"""

import sys
import sysconfig
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def main() -> None:
    target = Path(sysconfig.get_path("purelib")) / "qualpipe_logger.pth"
    target.write_text(f"{FOLDER}\n", encoding="utf-8")
    print(f"qualpipe's logger is on {sys.executable}'s path ({target})")


if __name__ == "__main__":
    main()
