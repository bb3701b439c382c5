#!/usr/bin/env bash
# A single-node SLURM cluster on this machine, for the SLURM test (`make slurm-test`, issue 16):
# installs Debian's slurm-wlm and munge if missing, writes /etc/slurm/slurm.conf for this host,
# starts munged, slurmd and slurmctld, waits until the node is idle and a job runs on it. Run
# as root (CI is root). Idempotent: with the cluster up it only checks it (0.1 s).
# Made for a container without systemd: no cgroups (proctrack/linuxproc, task/none) and no
# accounting database (the profile polls job states with squeue; MinJobAge keeps finished jobs
# visible to it for 5 minutes).
set -euo pipefail

# The partition profiles/slurm submits to (make slurm-test sets the variable).
PARTITION=${QUALPIPE_SLURM_PARTITION:-debug}
CONF_DIR=/etc/slurm
LOG_DIR=/var/log/slurm
STATE_DIR=/var/lib/slurm
HOST=$(hostname -s)

say() { echo "tools/slurm/start.sh: $*" >&2; }

install_packages() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null \
    && command -v sinfo >/dev/null && command -v munged >/dev/null; then
    return
  fi
  say "installing slurm-wlm and munge from Debian"
  export DEBIAN_FRONTEND=noninteractive
  # The package lists are fetched only when the install cannot find the packages.
  apt-get install -y -q --no-install-recommends slurm-wlm munge >/dev/null \
    || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends \
      slurm-wlm munge >/dev/null; }
}

# The node's line as slurmd itself detects it (CPUs, sockets, cores, RealMemory), so that
# the node registers without 'Low RealMemory' or 'Low CPUs'.
node_line() {
  slurmd -C | head -1
}

write_conf() {
  mkdir -p "$CONF_DIR" "$LOG_DIR" "$STATE_DIR/slurmctld" "$STATE_DIR/slurmd"
  cat >"$CONF_DIR/slurm.conf.new" <<CONF
# Written by tools/slurm/start.sh for $HOST: a one-node test cluster.
ClusterName=qualpipe
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MinJobAge=300
StateSaveLocation=$STATE_DIR/slurmctld
SlurmdSpoolDir=$STATE_DIR/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
$(node_line) State=UNKNOWN
PartitionName=$PARTITION Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
  # No cgroup.conf: no cgroup plugin is configured (proctrack/linuxproc, task/none), so
  # SLURM reads none, and a container without systemd or a writable cgroup tree works.
  if cmp -s "$CONF_DIR/slurm.conf.new" "$CONF_DIR/slurm.conf"; then
    rm "$CONF_DIR/slurm.conf.new"
    return 1
  fi
  mv "$CONF_DIR/slurm.conf.new" "$CONF_DIR/slurm.conf"
}

running() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

start_munge() {
  if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown munge:munge /etc/munge/munge.key && chmod 0400 /etc/munge/munge.key
  mkdir -p /run/munge && chown munge:munge /run/munge
  running /run/munge/munged.pid || runuser -u munge -- /usr/sbin/munged
}

wait_idle() {
  local state=""
  for _ in $(seq 1 60); do
    state=$(sinfo --noheader --nodes="$HOST" --format=%T 2>/dev/null || true)
    if [ "$state" = idle ]; then
      return
    fi
    sleep 0.5
  done
  say "node $HOST is '${state:-unreachable}' after 30 s, not idle; see $LOG_DIR/*.log"
  exit 1
}

# A job end to end (munge, slurmctld, slurmd, a job step): after a restart slurmctld may call
# the node idle from its saved state before slurmd has registered.
run_probe() {
  if ! timeout 60 srun --partition="$PARTITION" --ntasks=1 --time=1 true; then
    say "a job running true did not finish on partition $PARTITION; see $LOG_DIR/*.log"
    exit 1
  fi
}

main() {
  local started=$SECONDS
  install_packages
  if write_conf; then
    "$(dirname "$0")/stop.sh"
  fi
  start_munge
  running /run/slurmctld.pid || slurmctld
  running /run/slurmd.pid || slurmd
  wait_idle
  run_probe
  say "cluster up: node $HOST, partition $PARTITION, $((SECONDS - started)) s"
}

main
