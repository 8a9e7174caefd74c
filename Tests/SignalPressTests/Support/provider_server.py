#!/usr/bin/env python3
"""Six market-data providers on 127.0.0.1, each answering in its documented format, for the
preset tests: Tiingo, EODHD, Alpha Vantage, Polygon, Stooq, Yahoo's chart API, and a
provider of its own JSON shape for `format: json`. Each checks its key where the provider
wants it and answers its own failure shapes.

Usage: provider_server.py CONFIG.json   (prints the port it listens on, then serves)

CONFIG: {"data": DIR of <SYMBOL>.csv (Date,Open,High,Low,Close,Volume), "key": the API key,
         "throttle_once": [SYMBOL, ...] (Alpha Vantage's 200 with a "Note" the first time)}
GET /__stats returns every request's path (with its query) and the Authorization header.
"""
import csv
import datetime
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

os.closerange(3, os.sysconf("SC_OPEN_MAX"))

config = json.load(open(sys.argv[1]))
KEY = config["key"]
lock = threading.Lock()
stats = {"requests": [], "throttled": []}


def bars(symbol, start=None, end=None):
    """The file's bars (read at each request: a test may change the data between fetches), from start to end."""
    path = os.path.join(config["data"], symbol + ".csv")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        rows = [{"date": r["Date"], "open": float(r["Open"]), "high": float(r["High"]), "low": float(r["Low"]),
                 "close": float(r["Close"]), "volume": float(r["Volume"])} for r in csv.DictReader(f)]
    return [r for r in rows if (not start or r["date"] >= start) and (not end or r["date"] <= end)]


def epoch(date, hour=0):
    return int(datetime.datetime.strptime(date, "%Y-%m-%d").replace(hour=hour, tzinfo=datetime.timezone.utc).timestamp())


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, kind="application/json"):
        body = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        parts = url.path.strip("/").split("/")
        if url.path == "/__stats":
            with lock:
                return self.send(200, stats)
        with lock:
            stats["requests"].append({"path": self.path, "authorization": self.headers.get("Authorization")})
        if parts[:2] == ["tiingo", "daily"]:
            return self.tiingo(parts[2], query)
        if parts[:2] == ["api", "eod"]:
            return self.eodhd(parts[2], query)
        if url.path == "/query":
            return self.alphavantage(query)
        if parts[:3] == ["v2", "aggs", "grouped"]:
            return self.grouped(parts[7], query)
        if parts[:2] == ["v2", "aggs"]:
            return self.polygon(parts[3], query, parts[7], parts[8])
        if url.path == "/q/d/l/":
            return self.stooq(query)
        if parts[:3] == ["v8", "finance", "chart"]:
            return self.yahoo(parts[3])
        if parts[0] == "generic":
            return self.generic(parts[1], query)
        return self.send(404, {"error": "no such path"})

    def tiingo(self, symbol, query):
        if self.headers.get("Authorization") != "Token " + KEY:
            return self.send(401, {"detail": "Invalid token."})
        data = bars(symbol.upper(), query.get("startDate"), query.get("endDate"))
        if data is None:
            return self.send(404, {"detail": "Error: Ticker '%s' not found" % symbol})
        return self.send(200, [{"date": b["date"] + "T00:00:00.000Z", "open": b["open"], "high": b["high"], "low": b["low"],
                                "close": b["close"], "volume": int(b["volume"]), "adjOpen": b["open"], "adjHigh": b["high"],
                                "adjLow": b["low"], "adjClose": b["close"], "adjVolume": int(b["volume"]), "divCash": 0.0,
                                "splitFactor": 1.0} for b in data])

    def eodhd(self, symbol, query):
        if query.get("api_token") != KEY:
            return self.send(401, b"Unauthenticated", "text/plain")
        data = bars(symbol.split(".")[0], query.get("from"), query.get("to"))
        if data is None:
            return self.send(404, b"Ticker Not Found.", "text/plain")
        return self.send(200, [{"date": b["date"], "open": b["open"], "high": b["high"], "low": b["low"], "close": b["close"],
                                "adjusted_close": b["close"], "volume": int(b["volume"])} for b in data])

    def alphavantage(self, query):
        if query.get("apikey") != KEY:
            return self.send(200, {"Error Message": "the parameter apikey is invalid or missing."})
        symbol = query.get("symbol", "")
        with lock:
            if symbol in config.get("throttle_once", []) and symbol not in stats["throttled"]:
                stats["throttled"].append(symbol)
                return self.send(200, {"Note": "Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day."})
        data = bars(symbol)
        if data is None:
            return self.send(200, {"Error Message": "Invalid API call."})
        lines = ["timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient"]
        for b in reversed(data):  # newest first, as Alpha Vantage answers
            lines.append("%s,%r,%r,%r,%r,%r,%d,0.0000,1.0" % (b["date"], b["open"], b["high"], b["low"], b["close"], b["close"], b["volume"]))
        return self.send(200, ("\r\n".join(lines) + "\r\n").encode(), "application/x-download")

    def polygon(self, symbol, query, start, end):
        if query.get("apiKey") != KEY:
            return self.send(401, {"status": "ERROR", "error": "Unknown API Key"})
        data = bars(symbol, start, end) or []
        # t: the session's start in New York (05:00 UTC in winter), in epoch milliseconds.
        return self.send(200, {"ticker": symbol, "queryCount": len(data), "resultsCount": len(data), "adjusted": True, "status": "OK",
                               "results": [{"t": epoch(b["date"], 5) * 1000, "o": b["open"], "h": b["high"], "l": b["low"], "c": b["close"],
                                            "v": b["volume"], "vw": b["close"], "n": 100} for b in data]})

    def grouped(self, date, query):
        if query.get("apiKey") != KEY:
            return self.send(401, {"status": "ERROR", "error": "Unknown API Key"})
        results = []
        for name in sorted(os.listdir(config["data"])):
            if name.endswith(".csv"):
                for b in bars(name[:-4], date, date):
                    results.append({"T": name[:-4], "t": epoch(date, 5) * 1000, "o": b["open"], "h": b["high"], "l": b["low"],
                                    "c": b["close"], "v": b["volume"]})
        return self.send(200, {"queryCount": len(results), "resultsCount": len(results), "adjusted": True, "status": "OK", "results": results})

    def stooq(self, query):
        if query.get("apikey") != KEY:
            return self.send(200, b"<!DOCTYPE html><html><body>Get your apikey</body></html>", "text/html")
        data = bars(query.get("s", "").split(".")[0].upper())
        if data is None:
            return self.send(200, b"No data", "text/plain")
        lines = ["Date,Open,High,Low,Close,Volume"] + ["%s,%r,%r,%r,%r,%d" % (b["date"], b["open"], b["high"], b["low"], b["close"], b["volume"]) for b in data]
        return self.send(200, ("\n".join(lines) + "\n").encode(), "text/csv")

    def yahoo(self, symbol):
        data = bars(symbol)
        if data is None:
            return self.send(404, {"chart": {"result": None, "error": {"code": "Not Found", "description": "No data found, symbol may be delisted"}}})
        # 09:30 in New York, a halted session of nulls in the middle, as the chart API has them.
        times = [epoch(b["date"], 14) + 1800 for b in data]
        middle = len(data) // 2
        column = lambda name: [b[name] for b in data[:middle]] + [None] + [b[name] for b in data[middle:]]
        times = times[:middle] + [times[middle] - 86400 * 0 + 60] + times[middle:]
        return self.send(200, {"chart": {"result": [{"meta": {"symbol": symbol, "gmtoffset": -18000, "timezone": "EST"}, "timestamp": times,
                                                     "indicators": {"quote": [{"open": column("open"), "high": column("high"), "low": column("low"),
                                                                               "close": column("close"), "volume": column("volume")}],
                                                                    "adjclose": [{"adjclose": column("close")}]}}], "error": None}})

    def generic(self, symbol, query):
        data = bars(symbol, query.get("from"), query.get("to")) or []
        return self.send(200, {"data": {"bars": [{"d": b["date"], "o": b["open"], "h": b["high"], "l": b["low"], "c": b["close"],
                                                  "vol": b["volume"]} for b in data]}})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
