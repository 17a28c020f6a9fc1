# Usage: python3 awscli-record.py awscli-requests-cases.json > awscli-requests.json
# (needs the aws CLI v1 installed as a Python package; run from this directory)
# Records, for each command line, the request body the aws CLI would send
# (or that it refused the command), without sending anything.
import json, sys, os, io, contextlib
os.environ.setdefault("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "secret")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
from awscli.clidriver import create_clidriver

class Captured(Exception):
    pass

cases = json.load(open(sys.argv[1]))
out = []
for args in cases:
    driver = create_clidriver()
    got = {}
    def before_call(params, **kw):
        body = params.get("body")
        if isinstance(body, bytes):
            body = body.decode()
        got["body"] = body
        got["query"] = params.get("query_string")
        raise Captured()
    driver.session.register("before-call", before_call)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            rc = driver.main(["--endpoint-url", "http://127.0.0.1:9"] + args)
        except SystemExit as e:
            rc = e.code
    rec = {"args": args}
    if "body" in got:
        b = got["body"]
        rec["body"] = json.loads(b) if b else {}
        if got.get("query"):
            rec["query"] = got["query"]
    else:
        rec["rc"] = rc
        rec["stderr"] = err.getvalue().strip().splitlines()[-1] if err.getvalue().strip() else ""
    out.append(rec)
json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
