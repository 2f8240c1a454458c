#!/usr/bin/env python3
"""moto_server (moto 5.2.1) with state machines really executed, for bench/api.sh:
    moto_api_server.py PORT
As installed, moto_server runs one execution per state machine and then answers every
StartExecution with HTTP 500 (its Execution objects cannot be deep-copied); the same one-line
patch as moto_bench.py's lets it run them all (and spares it copying every earlier execution on
each start). Execution is switched on through moto's own /moto-api/config by api_bench.py."""
import sys

from moto.stepfunctions.parser.backend.execution import Execution

Execution.__deepcopy__ = lambda self, memo: self

from moto.server import main  # noqa: E402

main(["-p", sys.argv[1], "-H", "127.0.0.1"])
