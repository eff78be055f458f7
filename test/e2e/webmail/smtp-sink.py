"""An SMTP sink for the webmail tests: accepts every message on 127.0.0.1 and writes each one as two
files in the folder it is given: <n>.json (the envelope: sender and recipients) and <n>.eml (the bytes
as received). The .json is written last, so a reader that sees it finds the whole message.

usage: python3 smtp-sink.py PORT FOLDER
"""
import itertools
import json
import os
import signal
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        n = next(self.count)
        base = os.path.join(self.folder, f"{n:04d}")
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        tmp = base + ".json.tmp"
        with open(tmp, "w") as f:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos}, f)
        os.rename(tmp, base + ".json")
        return "250 OK"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"listening on 127.0.0.1:{port}", flush=True)
    # The controller serves from its own thread; this one waits for SIGTERM, which ends the process.
    signal.pause()


if __name__ == "__main__":
    main()
