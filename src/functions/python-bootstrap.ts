// The Python runtime of a warm worker, run as `python3 -c <this>`: the same protocol as the Node.js
// bootstrap (requests as JSON lines on fd 3, answers and output on fd 4, a result on its own line
// after its answer's), Lambda's Python handler
// contract (handler(event, context), a context with aws_request_id and get_remaining_time_in_millis)
// and its error object (errorMessage, errorType, requestId, stackTrace).
export const PYTHON_BOOTSTRAP = String.raw`
import importlib, io, json, os, sys, time, traceback
_out = os.fdopen(4, "w", buffering=1)
def _send(m):
    _out.write(json.dumps(m) + "\n")
    _out.flush()
class _Log(io.TextIOBase):
    def __init__(self):
        self.buf = ""
    def writable(self):
        return True
    def write(self, s):
        self.buf += s
        while "\n" in self.buf:
            line, self.buf = self.buf.split("\n", 1)
            _send({"t": "log", "s": line + "\n"})
        return len(s)
    def flush(self):
        if self.buf:
            _send({"t": "log", "s": self.buf})
            self.buf = ""
sys.stdout = _Log()
sys.stderr = sys.stdout
env = os.environ
root = env.get("LAMBDA_TASK_ROOT", os.getcwd())
sys.path.insert(0, root)
name = env.get("_HANDLER", "lambda_function.lambda_handler")
mod_name, fn_name = name.rsplit(".", 1)
def _rss():
    try:
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    except Exception:
        return 0
def _error(e, rid):
    return {"errorMessage": str(e), "errorType": type(e).__name__, "requestId": rid,
            "stackTrace": traceback.format_tb(e.__traceback__)}
handler = None
init_error = None
try:
    module = importlib.import_module(mod_name.replace("/", "."))
    handler = getattr(module, fn_name, None)
    if handler is None:
        init_error = {"errorMessage": "Handler '%s' missing on module '%s'" % (fn_name, mod_name),
                      "errorType": "Runtime.HandlerNotFound", "requestId": "", "stackTrace": []}
except Exception as e:
    init_error = {"errorMessage": "Unable to import module '%s': %s" % (mod_name, e),
                  "errorType": "Runtime.ImportModuleError", "requestId": "", "stackTrace": []}
class Context:
    def __init__(self, req):
        self.function_name = env.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = env.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = req["arn"]
        self.memory_limit_in_mb = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.aws_request_id = req["id"]
        self.log_group_name = env.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = env.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = req.get("clientContext")
        self._deadline = req["deadline"]
    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline - time.time() * 1000))
_send({"t": "ready"})
with os.fdopen(3, "r") as requests:
    for line in requests:
        req = json.loads(line)
        if init_error is not None:
            err = dict(init_error, requestId=req["id"])
            _send({"t": "done", "id": req["id"], "ok": False, "error": err, "rss": _rss()})
            continue
        try:
            value = handler(req["event"], Context(req))
            payload = json.dumps(value)
            sys.stdout.flush()
            _out.write(json.dumps({"t": "done", "id": req["id"], "ok": True, "rss": _rss()}) + "\n" + payload + "\n")
            _out.flush()
        except Exception as e:
            sys.stdout.flush()
            _send({"t": "done", "id": req["id"], "ok": False, "error": _error(e, req["id"]), "rss": _rss()})
`;
