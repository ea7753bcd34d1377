"""Runs AWS CLI command lines one after another through the CLI's own driver (what the `aws` script
runs), in one Python process: each command is parsed, sent and printed exactly as `aws ...` would,
without paying the interpreter's start and the CLI's imports again for every one.
Input (stdin): a JSON list of argument lists. Output (stdout): a JSON list of
{"rc": exit code, "stdout": ..., "stderr": ...}, one per command."""
import contextlib
import io
import json
import sys

from awscli.clidriver import create_clidriver

results = []
for argv in json.load(sys.stdin):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = create_clidriver().main(argv)
        except SystemExit as e:
            rc = e.code if isinstance(e.code, int) else 1
    results.append({"rc": rc, "stdout": out.getvalue(), "stderr": err.getvalue()})
sys.__stdout__.write(json.dumps(results))
