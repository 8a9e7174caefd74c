#!/usr/bin/env python3
"""The oracle of the calendar tests: the weekdays from 2000 to 2035 that the Python
`exchange_calendars` package says are no session of the exchange named.

Usage: calendar_sessions.py CODE   (prints the dates, one a line)
"""
import datetime
import sys

import exchange_calendars

calendar = exchange_calendars.get_calendar(sys.argv[1], start="2000-01-01", end="2035-12-31")
sessions = {session.date() for session in calendar.sessions}
day = datetime.date(2000, 1, 1)
while day <= datetime.date(2035, 12, 31):
    if day.weekday() < 5 and day not in sessions:
        print(day.isoformat())
    day += datetime.timedelta(days=1)
