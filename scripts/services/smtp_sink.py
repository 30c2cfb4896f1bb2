"""A real SMTP server for Deskgate's tests: accepts every message on loopback and keeps
each one as an .eml file (with the envelope in a sidecar .json) so tests can read back
exactly what Deskgate sent."""
import argparse
import asyncio
import json
import os
import signal
import tempfile

from aiosmtpd.controller import Controller


class Spool:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # Addresses that let tests see per-recipient refusals: reject-… is refused for
        # good, later-… for now; everything else is accepted.
        local = address.split("@")[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if local.startswith("later"):
            return "450 4.2.1 <%s>: Mailbox busy, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        stem = os.path.join(self.directory, f"{self.count:06d}")
        # Written under a temporary name and renamed, so a reader never sees half a message.
        for suffix, payload in ((".eml", envelope.original_content or envelope.content),
                                (".json", json.dumps({"mail_from": envelope.mail_from,
                                                      "rcpt_tos": envelope.rcpt_tos}).encode())):
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".incoming-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload if isinstance(payload, bytes) else payload.encode())
            os.rename(tmp, stem + suffix)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--spool", required=True)
    args = parser.parse_args()
    controller = Controller(Spool(args.spool), hostname=args.host, port=args.port, decode_data=False)
    controller.start()
    loop = asyncio.new_event_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    loop.run_until_complete(stop)
    controller.stop()


if __name__ == "__main__":
    main()
