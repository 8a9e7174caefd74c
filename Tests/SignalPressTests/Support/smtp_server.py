#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for the delivery tests, on 127.0.0.1 only.

Usage: smtp_server.py CONFIG.json   (prints the port it listens on, then serves)

CONFIG: {"folder": DIR, "scenarios": {ADDRESS: scenario}, "delay": seconds before answering DATA}
Scenarios: bounce (550 to RCPT TO), defer-once (451 to the first DATA for that address, then accepted),
defer-always (451 to every DATA). Every accepted message is written to DIR/<n>.eml, and a line
{"rcpt": ..., "message_id": ..., "file": ...} is appended to DIR/accepted.jsonl once it is on disk,
before the server answers 250: what the log holds, the server accepted.
"""
import asyncio
import email
import email.policy
import json
import os
import sys
import threading

from aiosmtpd.smtp import SMTP

os.closerange(3, os.sysconf("SC_OPEN_MAX"))

config = json.load(open(sys.argv[1]))
folder = config["folder"]
scenarios = config.get("scenarios", {})
delay = config.get("delay", 0)
lock = threading.Lock()
state = {"count": 0, "deferred": set()}


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if scenarios.get(address) == "bounce":
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if delay:
            await asyncio.sleep(delay)
        for address in envelope.rcpt_tos:
            scenario = scenarios.get(address)
            if scenario == "defer-always" or (scenario == "defer-once" and address not in state["deferred"]):
                state["deferred"].add(address)
                return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with lock:
            state["count"] += 1
            name = "%d.eml" % state["count"]
            with open(os.path.join(folder, name), "wb") as out:
                out.write(envelope.original_content)
                out.flush()
                os.fsync(out.fileno())
            with open(os.path.join(folder, "accepted.jsonl"), "a") as log:
                for address in envelope.rcpt_tos:
                    log.write(json.dumps({"rcpt": address, "message_id": message["Message-ID"], "file": name,
                                          "mail_from": envelope.mail_from}) + "\n")
                log.flush()
                os.fsync(log.fileno())
        return "250 2.0.0 Message accepted for delivery"


async def main():
    # decode_data=False keeps the bytes as sent; a large limit, as a real relay has.
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(Handler(), data_size_limit=50_000_000, hostname="mail.test"), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


asyncio.run(main())
