#!/usr/bin/env python3
"""Times TA-Lib's C core (through the ta-lib wheel) on the 21 columns SignalPress publishes,
over every <SYMBOL>.csv in a directory, data already in memory: the yardstick for
`signalpress bench-indicators`. Usage: talib_bench.py DIR [REPEATS]"""
import glob, os, sys, time
import numpy as np
import talib

directory = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
universe = []
for path in sorted(glob.glob(os.path.join(directory, "*.csv"))):
    data = np.genfromtxt(path, delimiter=",", skip_header=1, usecols=(1, 2, 3, 4, 5))
    universe.append(tuple(np.ascontiguousarray(data[:, i]) for i in range(5)))

def all_columns(o, h, l, c, v):
    talib.SMA(c, 20); talib.SMA(c, 50); talib.SMA(c, 200); talib.EMA(c, 12); talib.EMA(c, 26)
    talib.RSI(c, 14); talib.MACD(c, 12, 26, 9); talib.BBANDS(c, 20, 2.0, 2.0, 0); talib.ATR(h, l, c, 14)
    talib.STOCH(h, l, c, 14, 3, 0, 3, 0); talib.ADX(h, l, c, 14); talib.OBV(c, v); talib.WILLR(h, l, c, 14)
    talib.CCI(h, l, c, 20); talib.ROC(c, 10); talib.MFI(h, l, c, v, 14)

best = float("inf")
for _ in range(repeats):
    start = time.perf_counter()
    for series in universe:
        all_columns(*series)
    best = min(best, time.perf_counter() - start)
bars = sum(len(s[0]) for s in universe)
print(f"TA-Lib C core: {len(universe)} symbols, {bars} bars, 21 columns: {best:.3f} s, {bars / best / 1e6:.1f} M bars/s, one thread")
