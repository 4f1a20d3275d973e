"""A stand-in OpenAI-compatible upstream for carta-server's fault tests, on 127.0.0.1.

  upstream.py hang         accepts requests and never answers
  upstream.py slow SECS    answers each chat completion after SECS seconds with every
                           property of the requested JSON schema set to null
  upstream.py record DIR   answers at once (every property null) and writes each request body,
                           byte for byte, to DIR/N.body: what the GPU engine receives

Prints its port on the first line of standard output. The real engine (llama.cpp's
llama-server) is exercised by the core's OpenAI client tests; this one only makes the upstream
hang, answer late, or die on cue.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODE = sys.argv[1]
DELAY = float(sys.argv[2]) if MODE == "slow" else 0.0
RECORD = sys.argv[2] if MODE == "record" else None
COUNT = [0]
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if RECORD:
            with LOCK:
                COUNT[0] += 1
                with open(f"{RECORD}/{COUNT[0]}.body", "wb") as f:
                    f.write(raw)
        body = json.loads(raw)
        if MODE == "hang":
            threading.Event().wait()
        time.sleep(DELAY)
        schema = body["response_format"]["json_schema"]["schema"]
        answer = {key: None for key in schema["properties"]}
        reply = json.dumps({
            "choices": [{"message": {"role": "assistant", "content": json.dumps(answer)},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5},
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
