"""A deadline for reading each request, head and body together, however slowly it trickles in.

A socket timeout bounds each read, not the request: a client sending a byte every 9 s would
hold its thread for as long as it likes. One watcher thread closes the connections whose
request is not read in time, as the JDK's server does with sun.net.httpserver.maxReqTime.
"""

import socket
import threading
import time

CHECK_EVERY_S = 0.5


class Deadlines:
    def __init__(self):
        self.lock = threading.Lock()
        self.pending = {}  # connection -> when its request must be read by (time.monotonic)
        threading.Thread(target=self.watch, name="request-deadlines", daemon=True).start()

    def start(self, connection, seconds):
        with self.lock:
            self.pending[connection] = time.monotonic() + seconds

    def done(self, connection):
        """The request was read (or answered unread): its connection is no longer watched."""
        with self.lock:
            self.pending.pop(connection, None)

    def watch(self):
        while True:
            time.sleep(CHECK_EVERY_S)
            now = time.monotonic()
            with self.lock:
                late = [connection for connection, until in self.pending.items() if until <= now]
                for connection in late:
                    del self.pending[connection]
            for connection in late:
                try:
                    connection.shutdown(socket.SHUT_RDWR)  # the handler's read ends at once
                except OSError:
                    pass  # already closed
