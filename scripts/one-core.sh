#!/bin/sh
# Run a command pinned to one CPU core where taskset exists (benchmarks whose targets are
# "on one core"); run it as it is elsewhere.
if command -v taskset >/dev/null 2>&1; then
  exec taskset -c 0 "$@"
fi
exec "$@"
