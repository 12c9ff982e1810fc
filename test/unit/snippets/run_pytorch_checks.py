"""Runs PyTorch snippet checks for test/unit/snippets/pytorch.test.ts.

stdin:  JSON list of {"id": str, "code": str, "compile_only": bool (optional)}
stdout: one JSON object {id: {"ok": bool, "error": traceback or null}}

Every entry runs in a fresh namespace in this one process (torch is imported once),
after torch.manual_seed(0). A failing entry never stops the others. Anything the
checks print goes to stderr so stdout stays one JSON document.
"""
import contextlib
import json
import random
import sys
import traceback


def run_entry(entry, torch):
    code = entry["code"]
    filename = "<snippet {}>".format(entry["id"])
    compiled = compile(code, filename, "exec")
    if entry.get("compile_only"):
        return
    # keep tracebacks readable: show the failing line of the snippet or check
    import linecache

    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    torch.manual_seed(0)
    random.seed(0)
    torch.set_grad_enabled(True)
    exec(compiled, {"__name__": "__snippet__", "__builtins__": __builtins__})


def format_error(error):
    """The traceback without this driver's own frames: it starts at the snippet or check line."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(error), error, tb))


def main():
    entries = json.load(sys.stdin)
    results = {}
    real_stdout = sys.stdout
    try:
        import torch
    except Exception:  # every entry fails with the same reason
        error = traceback.format_exc()
        real_stdout.write(json.dumps({e["id"]: {"ok": False, "error": error} for e in entries}))
        return
    with contextlib.redirect_stdout(sys.stderr):
        for entry in entries:
            try:
                run_entry(entry, torch)
                results[entry["id"]] = {"ok": True, "error": None}
            except BaseException as error:  # SystemExit and KeyboardInterrupt from a check count as failures too
                results[entry["id"]] = {"ok": False, "error": format_error(error)}
    real_stdout.write(json.dumps(results))
    real_stdout.flush()


if __name__ == "__main__":
    main()
