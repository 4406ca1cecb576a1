#!/bin/sh
# The placement benchmarks, run the same way every time (issue #18, "Reliability and speed").
# Servers are started on 127.0.0.1 only and stopped at the end; PostgreSQL at 127.0.0.1:5432/test.
# Each writes its figures (with the machine's load average) next to this file.
set -eu
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
uptime
$PY benchmarks/placement/race.py --clients 50 --rounds 100 --workers 2 \
    --out benchmarks/placement/results-race.json
$PY benchmarks/placement/load.py --workers 2 --rates 300,200,0 --users 100 --seconds 60 --repeat 30 \
    --out benchmarks/placement/results-load.json
# the same offered load with the users' common start counted, and for five minutes
$PY benchmarks/placement/load.py --workers 2 --rates 300 --users 100 --seconds 60 --repeat 10 \
    --with-start --out benchmarks/placement/results-load-with-start.json
$PY benchmarks/placement/load.py --workers 2 --rates 300 --users 100 --seconds 300 --repeat 10 \
    --out benchmarks/placement/results-load-long.json
$PY benchmarks/placement/where_time_goes.py --requests 400 \
    --out benchmarks/placement/results-profile.json
$PY benchmarks/placement/kill9.py --workers 2 --users 100 --seconds 90 --kill-after 30 \
    --out benchmarks/placement/results-kill9.json
uptime
