"""A real SMTP server on localhost for tests and benchmarks: it accepts (and keeps) what
it is sent, or misbehaves as told — refuses a recipient for good (550) or for now (451),
rejects a message after DATA (554), or never answers at all.

    with SmtpSink() as sink:            # sink.port, sink.messages (raw bytes), sink.count
        sink.mode = "refuse"            # "accept", "refuse", "greylist", "reject", "silent"
"""

import email
import socketserver
import threading
from email import policy


class _Session(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        sink = self.server.sink
        if sink.mode == "silent":
            sink.stop_event.wait(30)  # hold the connection, say nothing
            return
        self.reply("220 sink ESMTP")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 sink")
            elif command.startswith("MAIL FROM"):
                self.reply("250 OK")
            elif command.startswith("RCPT TO"):
                answers = {
                    "refuse": "550 5.1.1 No such user here",
                    "greylist": "451 4.7.1 Try later",
                }
                self.reply(answers.get(sink.mode, "250 OK"))
            elif command == "DATA":
                self.reply("354 Go ahead")
                data = b"".join(iter(lambda: self.rfile.readline(), b".\r\n"))
                if sink.mode == "reject":
                    self.reply("554 5.6.0 Message refused")
                    continue
                sink.keep(data)
                self.reply("250 OK queued")
            elif command == "RSET" or command == "NOOP":
                self.reply("250 OK")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    """See the module docstring."""

    def __init__(self, mode="accept"):
        self.mode = mode
        self.messages = []
        self.lock = threading.Lock()
        self.stop_event = threading.Event()
        self.arrived = threading.Condition(self.lock)
        self.server = _Server(("127.0.0.1", 0), _Session)
        self.server.sink = self
        self.port = self.server.server_address[1]

    def keep(self, data):
        with self.arrived:
            self.messages.append(data)
            self.arrived.notify_all()

    @property
    def count(self):
        return len(self.messages)

    def parsed(self):
        return [email.message_from_bytes(raw, policy=policy.default) for raw in self.messages]

    def wait_for(self, count, timeout):
        """True once `count` messages have arrived, else False after `timeout` seconds."""
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        self.server.shutdown()
        self.server.server_close()
