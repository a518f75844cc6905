"""business-duration: `businessDuration(start, end, starttime, endtime,
weekendlist, holidaylist, unit="sec")`, one opening and one closing time
for every working day (a night desk as starttime 20:00 > endtime 08:00, its
"9PM - 3AM" case), weekends as weekday numbers, holidays as a list of
dates. It reads the wall clock of the datetimes it is given, so they are
passed in the calendar's zone. It has no way to add business time, and
one interval a day cannot hold a lunch break: those are reported as not
expressible, never as wrong."""

from __future__ import annotations

import datetime as dt

from business_duration import businessDuration

from business_questions import WEEKDAYS, CalendarCase, Question
from clocks.built import Args, Built, Way

PACKAGE = "business-duration"
ENGINE = "business-duration"

NO_ADD = "no function adds business time to an instant"
NO_SPLIT = "one opening and one closing time a day: no lunch break"


def clock(text: str) -> dt.time:
    """`HH:MM` as a time."""
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def build(case: CalendarCase) -> Built:
    """"between" on the one-interval calendars and the night desk."""
    cannot = {"add": NO_ADD}
    intervals = next(iter(case.spec["hours"].values()))
    if case.kind == "night":
        opening, closing = dt.time(20), dt.time(8)
    elif len(intervals) == 1:
        opening, closing = clock(intervals[0][0]), clock(intervals[0][1])
    else:
        cannot["between"] = NO_SPLIT
        return Built(cannot=cannot)
    weekend = [i for i, day in enumerate(WEEKDAYS) if day not in case.spec["hours"]]
    holidays = list(case.holidays) or None

    def between_args(q: Question) -> Args:
        return (q.start, q.end), {"starttime": opening, "endtime": closing, "weekendlist": weekend,
                                  "holidaylist": holidays, "unit": "sec"}

    return Built(ways={"between": Way(businessDuration, between_args, lambda s: int(round(s)))},
                 cannot=cannot)
