#!/usr/bin/env bash
# Submits a job to a session cluster unless a job of the same name is already running or starting there, so that
# running it again (a second `docker compose up -d`, a restarted container) never writes a second copy into the
# same tables. The job's name is what the jar names it (`orderflow from kafka <topic>`, `ingest <venue> ...`).
#   submit-once.sh JOB_NAME JOBMANAGER_HOST:PORT JAR ARGS...     ($FLINK defaults to /opt/flink/bin/flink)
set -euo pipefail
name=${1:?usage: submit-once.sh JOB_NAME JOBMANAGER JAR ARGS...}
jobmanager=${2:?usage: submit-once.sh JOB_NAME JOBMANAGER JAR ARGS...}
shift 2
flink=${FLINK:-/opt/flink/bin/flink}
# `flink list` prints "<time> : <job id> : <name> (<state>)" for each scheduled and running job
if "$flink" list --jobmanager "$jobmanager" --running --scheduled | grep -F -q " : ${name} ("; then
  echo "submit-once.sh: '${name}' is already running on ${jobmanager}; not submitting it again"
  exit 0
fi
exec "$flink" run --detached --jobmanager "$jobmanager" "$@"
