#!/usr/bin/env python3
"""Reads each .eml given with Python's own email package (the oracle of the email tests) and
prints one JSON object per message: its headers, parts, sizes, links and what a mail client
would fetch or run.

Usage: email_check.py FILE.eml ...
"""
import email
import email.policy
import json
import re
import sys
from html.parser import HTMLParser


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.sources, self.tags = [], [], set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            if name == "href":
                self.hrefs.append(value)
            if name in ("src", "srcset", "background"):
                self.sources.append(value)


for path in sys.argv[1:]:
    raw = open(path, "rb").read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    parts = [part.get_content_type() for part in message.iter_parts()] if message.is_multipart() else []
    html = message.get_body(("html",))
    text = message.get_body(("plain",))
    html_text = html.get_content() if html else ""
    links = Links()
    links.feed(html_text)
    print(json.dumps({
        "file": path,
        "defects": [str(d) for d in message.defects] + [str(d) for p in message.walk() for d in p.defects],
        "content_type": message.get_content_type(),
        "parts": parts,
        "from": str(message["From"]), "to": str(message["To"]), "reply_to": str(message["Reply-To"]),
        "subject": str(message["Subject"]), "date": str(message["Date"]), "message_id": str(message["Message-ID"]),
        "list_id": str(message["List-Id"]), "list_unsubscribe": str(message["List-Unsubscribe"]),
        "list_unsubscribe_post": str(message["List-Unsubscribe-Post"]),
        "html_bytes": len(html_text.encode("utf-8")), "text": text.get_content() if text else "", "html": html_text,
        "hrefs": links.hrefs, "sources": links.sources, "tags": sorted(links.tags),
        "longest_line": max(len(line) for line in raw.split(b"\r\n")),
        "bare_newlines": len(re.findall(rb"(?<!\r)\n", raw)),
    }))
