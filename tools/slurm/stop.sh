#!/usr/bin/env bash
# Stops the test cluster of tools/slurm/start.sh: slurmd, slurmctld, then munged (by the
# process ids in their pid files); nothing else. Safe to run when nothing runs.
set -euo pipefail

stop() {
  local pidfile=$1
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -f "$pidfile"
}

stop /run/slurmd.pid
stop /run/slurmctld.pid
stop /run/munge/munged.pid
