#!/usr/bin/env python3
"""Sample post_analysis hook: plain-English commentary from each signal's own reasons.

SignalPress runs it once per build with the day's signals as JSON on stdin and reads
{"commentary": {SYMBOL: {"text": ..., "confidence_adjustment": ...}}} from stdout.
Replace it with your own analysis or a language model; keep it deterministic, because
SignalPress caches the answer by the hash of its input.
"""
import json
import sys

WORDS = {"BUY": "leans bullish", "SELL": "leans bearish", "HOLD": "has no clear edge"}


def sentence(reason):
    text = reason["reason"].rstrip(".")
    # "Close 112.10 is ..." reads on as "close 112.10 is ..."; "MACD is ..." keeps its capitals.
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def commentary(signal, bound):
    reasons = [r for r in signal["reasons"] if r["vote"] != 0]
    support = [r for r in reasons if (r["vote"] > 0) == (signal["score"] >= 0)]
    against = [r for r in reasons if (r["vote"] > 0) != (signal["score"] >= 0)]
    parts = [f'{signal["symbol"]} {WORDS.get(signal["action"], "is mixed")} (score {signal["score"]:+.2f}).']
    if support:
        parts.append(f"Mostly because {sentence(support[0])}.")
    if against:
        parts.append(f"Against that, {sentence(against[0])}.")
    # Agreement between rules raises confidence a little; disagreement lowers it.
    agreement = (len(support) - len(against)) / max(len(reasons), 1)
    adjustment = round(max(-bound, min(bound, agreement * bound / 2)), 4)
    return {"text": " ".join(parts), "confidence_adjustment": adjustment}


def main():
    request = json.load(sys.stdin)
    bound = request.get("max_confidence_adjustment", 0.1)
    out = {"commentary": {s["symbol"]: commentary(s, bound) for s in request["signals"]}}
    json.dump(out, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
