"""The demo study generator: a synthetic interview study with the reference study's design.

Run `python -m tools.demo --out <study_dir>` (with `PYTHONPATH=workflow`); see
docs/demo-study.md for what is generated and planted.
"""
