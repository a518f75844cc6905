/* Business hours from C: a policy calendar looked up once by name and
 * asked in Unix seconds (leadrules_calendar_*), and the SLA clock
 * (leadrules_engine_sla), each error at the JSON request's path and
 * nothing written on failure. Compiled -std=c11 -Wall -Wextra -Wpedantic
 * -Werror. */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "leadrules.h"

#include "check.h"

/* Berlin office hours with a lunch break, Christmas off, a short
 * Christmas Eve; a calendar open on one date only. */
static const char CONFIG[] =
    "{\"policy\": {\"calendars\": {"
    "  \"office\": {\"time_zone\": \"Europe/Berlin\","
    "    \"hours\": {\"mon\": [[\"09:00\", \"13:00\"], [\"14:00\", \"18:00\"]],"
    "                \"tue\": [[\"09:00\", \"13:00\"], [\"14:00\", \"18:00\"]],"
    "                \"wed\": [[\"09:00\", \"13:00\"], [\"14:00\", \"18:00\"]],"
    "                \"thu\": [[\"09:00\", \"13:00\"], [\"14:00\", \"18:00\"]],"
    "                \"fri\": [[\"09:00\", \"13:00\"], [\"14:00\", \"18:00\"]]},"
    "    \"holidays\": [\"2026-12-25\"],"
    "    \"exceptions\": {\"2026-12-24\": [[\"09:00\", \"13:00\"]]}},"
    "  \"once\": {\"exceptions\": {\"2026-12-24\": [[\"09:00\", \"10:00\"]]}}}}}";

#define HOUR INT64_C(3600)
#define DAY (24 * HOUR)
/* Monday 2026-12-21 09:00 in Berlin (08:00 UTC). */
#define MONDAY_9 INT64_C(1797840000)
/* The last second RFC 3339 can write: 9999-12-31T23:59:59Z. */
#define LAST_SECOND INT64_C(253402300799)
#define FIRST_SECOND INT64_C(-62167219200)

static void check_error(leadrules_status expected, const char *path) {
    CHECK(leadrules_last_error_status() == expected);
    if (strcmp(leadrules_last_error_path(), path) != 0) {
        failed++;
        fprintf(stderr, "FAIL path %s, expected %s (%s)\n", leadrules_last_error_path(), path,
                leadrules_last_error_json());
    } else {
        passed++;
    }
}

static const leadrules_calendar *lookup(const leadrules_engine *engine, const char *name) {
    const leadrules_calendar *calendar = NULL;
    CHECK_STATUS(leadrules_engine_calendar(engine, (const uint8_t *)name, strlen(name), &calendar),
                 LEADRULES_STATUS_OK);
    CHECK(calendar != NULL);
    return calendar;
}

static void test_lookup(const leadrules_engine *engine) {
    const leadrules_calendar *office = lookup(engine, "office");
    /* The same calendar every time: it lives as long as the engine. */
    CHECK(lookup(engine, "office") == office);
    const leadrules_calendar *untouched = office;
    CHECK_STATUS(leadrules_engine_calendar(engine, (const uint8_t *)"offic", 5, &untouched),
                 LEADRULES_STATUS_UNKNOWN_CALENDAR);
    check_error(LEADRULES_STATUS_UNKNOWN_CALENDAR, "calendar");
    CHECK(untouched == office);
    CHECK_STATUS(leadrules_engine_calendar(NULL, (const uint8_t *)"office", 6, &untouched),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_calendar(engine, NULL, 6, &untouched), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_calendar(engine, (const uint8_t *)"office", 6, NULL),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_calendar(engine, (const uint8_t *)"\xff", 1, &untouched),
                 LEADRULES_STATUS_INVALID_UTF8);
    CHECK(untouched == office);
}

static void test_primitives(const leadrules_calendar *office) {
    int64_t seconds = -1;
    /* Monday 09:00 to 18:00 with an hour's lunch: 8 open hours. */
    CHECK_STATUS(leadrules_calendar_open_between(office, MONDAY_9, MONDAY_9 + 9 * HOUR, &seconds),
                 LEADRULES_STATUS_OK);
    CHECK(seconds == 8 * HOUR);
    CHECK_STATUS(leadrules_calendar_open_between(office, MONDAY_9 + HOUR, MONDAY_9, &seconds),
                 LEADRULES_STATUS_OK);
    CHECK(seconds == 0);
    /* A whole week: five days of eight hours. */
    CHECK_STATUS(leadrules_calendar_open_between(office, MONDAY_9 - 7 * DAY, MONDAY_9, &seconds),
                 LEADRULES_STATUS_OK);
    CHECK(seconds == 40 * HOUR);

    bool reached = false;
    int64_t due = 0;
    /* Two hours from 16:00: used up at closing time, 18:00 (17:00 UTC). */
    CHECK_STATUS(leadrules_calendar_add(office, MONDAY_9 + 7 * HOUR, 2 * HOUR, &reached, &due),
                 LEADRULES_STATUS_OK);
    CHECK(reached && due == MONDAY_9 + 9 * HOUR);
    CHECK_STATUS(leadrules_calendar_add(office, MONDAY_9 + 4 * HOUR + 10, 0, &reached, &due),
                 LEADRULES_STATUS_OK);
    CHECK(reached && due == MONDAY_9 + 4 * HOUR + 10);
    /* Christmas Eve 09:00 plus five hours: four that morning, Christmas
     * and the weekend closed, one on Monday 28th: 10:00 (09:00 UTC). */
    CHECK_STATUS(leadrules_calendar_add(office, MONDAY_9 + 3 * DAY, 5 * HOUR, &reached, &due),
                 LEADRULES_STATUS_OK);
    CHECK(reached && due == MONDAY_9 + 7 * DAY + HOUR);
    /* No instant before the end of year 9999 has that much open time. */
    CHECK_STATUS(leadrules_calendar_add(office, LAST_SECOND - 10 * DAY, 100 * HOUR, &reached, &due),
                 LEADRULES_STATUS_OK);
    CHECK(!reached && due == 0);

    bool open = true;
    /* 13:30 is lunch; 14:00 opens again. */
    CHECK_STATUS(leadrules_calendar_is_open(office, MONDAY_9 + 4 * HOUR + 1800, &open), LEADRULES_STATUS_OK);
    CHECK(!open);
    CHECK_STATUS(leadrules_calendar_is_open(office, MONDAY_9 + 5 * HOUR, &open), LEADRULES_STATUS_OK);
    CHECK(open);
    /* Christmas Day is a holiday. */
    CHECK_STATUS(leadrules_calendar_is_open(office, MONDAY_9 + 4 * DAY + HOUR, &open), LEADRULES_STATUS_OK);
    CHECK(!open);

    bool opens = false;
    int64_t next = 0;
    CHECK_STATUS(leadrules_calendar_next_open(office, MONDAY_9 + 4 * HOUR + 1800, &opens, &next),
                 LEADRULES_STATUS_OK);
    CHECK(opens && next == MONDAY_9 + 5 * HOUR);
    /* Open at `at`: `at` itself. */
    CHECK_STATUS(leadrules_calendar_next_open(office, MONDAY_9 + 42, &opens, &next), LEADRULES_STATUS_OK);
    CHECK(opens && next == MONDAY_9 + 42);
}

static void test_calendar_errors(const leadrules_calendar *office, const leadrules_calendar *once) {
    int64_t seconds = 7;
    bool flag = true;
    int64_t value = 7;
    /* Nothing opens within 400 days: a success with opens false. */
    CHECK_STATUS(leadrules_calendar_next_open(once, MONDAY_9 + 30 * DAY, &flag, &value), LEADRULES_STATUS_OK);
    CHECK(!flag && value == 0);
    CHECK_STATUS(leadrules_calendar_next_open(once, MONDAY_9 - 30 * DAY, &flag, &value), LEADRULES_STATUS_OK);
    CHECK(flag && value == MONDAY_9 + 3 * DAY + HOUR);

    /* The first and last seconds RFC 3339 can write are instants; one
     * more either way is not. */
    CHECK_STATUS(leadrules_calendar_open_between(office, FIRST_SECOND, FIRST_SECOND + DAY, &seconds),
                 LEADRULES_STATUS_OK);
    CHECK_STATUS(leadrules_calendar_is_open(office, LAST_SECOND, &flag), LEADRULES_STATUS_OK);
    seconds = 7;
    CHECK_STATUS(leadrules_calendar_open_between(office, FIRST_SECOND - 1, MONDAY_9, &seconds),
                 LEADRULES_STATUS_INVALID_TIMESTAMP);
    check_error(LEADRULES_STATUS_INVALID_TIMESTAMP, "from");
    CHECK_STATUS(leadrules_calendar_open_between(office, MONDAY_9, LAST_SECOND + 1, &seconds),
                 LEADRULES_STATUS_INVALID_TIMESTAMP);
    check_error(LEADRULES_STATUS_INVALID_TIMESTAMP, "to");
    CHECK(seconds == 7);
    flag = true;
    value = 7;
    CHECK_STATUS(leadrules_calendar_add(office, INT64_MIN, HOUR, &flag, &value), LEADRULES_STATUS_INVALID_TIMESTAMP);
    check_error(LEADRULES_STATUS_INVALID_TIMESTAMP, "from");
    CHECK_STATUS(leadrules_calendar_add(office, MONDAY_9, -1, &flag, &value), LEADRULES_STATUS_INVALID_REQUEST);
    check_error(LEADRULES_STATUS_INVALID_REQUEST, "open");
    CHECK_STATUS(leadrules_calendar_is_open(office, INT64_MAX, &flag), LEADRULES_STATUS_INVALID_TIMESTAMP);
    check_error(LEADRULES_STATUS_INVALID_TIMESTAMP, "at");
    CHECK_STATUS(leadrules_calendar_next_open(office, INT64_MAX, &flag, &value), LEADRULES_STATUS_INVALID_TIMESTAMP);
    check_error(LEADRULES_STATUS_INVALID_TIMESTAMP, "at");
    CHECK(flag && value == 7);

    CHECK_STATUS(leadrules_calendar_open_between(NULL, 0, 1, &seconds), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_calendar_open_between(office, 0, 1, NULL), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_calendar_add(NULL, 0, 1, &flag, &value), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_calendar_add(office, 0, 1, NULL, &value), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_calendar_add(office, 0, 1, &flag, NULL), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_calendar_is_open(NULL, 0, &flag), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_calendar_is_open(office, 0, NULL), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_calendar_next_open(NULL, 0, &flag, &value), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_calendar_next_open(office, 0, NULL, &value), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_calendar_next_open(office, 0, &flag, NULL), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(flag && value == 7 && seconds == 7);
}

static leadrules_status sla(const leadrules_engine *engine, const char *calendar, int64_t start, int64_t target,
                            int64_t now, const leadrules_pause *pauses, size_t count, leadrules_sla *out) {
    return leadrules_engine_sla(engine, (const uint8_t *)calendar, strlen(calendar), start, target, now, pauses,
                                count, out);
}

static void test_sla(const leadrules_engine *engine) {
    leadrules_sla out;
    memset(&out, 0, sizeof out);
    /* Two hours from Monday 16:00, asked at 17:00: due at closing time. */
    CHECK_STATUS(sla(engine, "office", MONDAY_9 + 7 * HOUR, 2 * HOUR, MONDAY_9 + 8 * HOUR, NULL, 0, &out),
                 LEADRULES_STATUS_OK);
    CHECK(out.has_due_at && out.due_at == MONDAY_9 + 9 * HOUR);
    CHECK(out.elapsed == HOUR && out.remaining == HOUR && !out.breached);
    CHECK(out.open_now && out.has_next_open && out.next_open == MONDAY_9 + 8 * HOUR);

    /* Paused over lunch (and an hour of closed time): the clock stops
     * 12:00-15:00 local, two open hours. */
    leadrules_pause pauses[2];
    memset(pauses, 0, sizeof pauses);
    pauses[0].from = MONDAY_9 + 3 * HOUR;
    pauses[0].to = MONDAY_9 + 6 * HOUR;
    CHECK_STATUS(sla(engine, "office", MONDAY_9, 4 * HOUR, MONDAY_9 + 9 * HOUR, pauses, 1, &out),
                 LEADRULES_STATUS_OK);
    CHECK(out.has_due_at && out.due_at == MONDAY_9 + 7 * HOUR);
    CHECK(out.elapsed == 6 * HOUR && out.remaining == 0 && out.breached && !out.open_now);
    CHECK(out.has_next_open && out.next_open == MONDAY_9 + DAY);

    /* A pause still lasting before the target is used up: no due time. */
    pauses[1].from = MONDAY_9 + 7 * HOUR;
    pauses[1].to = -1; /* not read: the pause is ongoing */
    pauses[1].ongoing = true;
    CHECK_STATUS(sla(engine, "office", MONDAY_9, 8 * HOUR, MONDAY_9 + 9 * HOUR, pauses, 2, &out),
                 LEADRULES_STATUS_OK);
    CHECK(!out.has_due_at && out.due_at == 0);
    CHECK(out.elapsed == 4 * HOUR && out.remaining == 4 * HOUR && !out.breached);

    /* A target of zero is breached at once and due at the start. */
    CHECK_STATUS(sla(engine, "office", MONDAY_9, 0, MONDAY_9, NULL, 0, &out), LEADRULES_STATUS_OK);
    CHECK(out.has_due_at && out.due_at == MONDAY_9 && out.breached && out.remaining == 0);

    /* Nothing opens within 400 days of now; the one open hour, on
     * Christmas Eve, used the target up. */
    CHECK_STATUS(sla(engine, "once", MONDAY_9, HOUR, MONDAY_9 + 30 * DAY, NULL, 0, &out), LEADRULES_STATUS_OK);
    CHECK(!out.has_next_open && out.next_open == 0 && !out.open_now);
    CHECK(out.has_due_at && out.due_at == MONDAY_9 + 3 * DAY + 2 * HOUR && out.breached);
}

static void test_sla_errors(const leadrules_engine *engine) {
    leadrules_sla out, before;
    memset(&out, 0x5a, sizeof out);
    memcpy(&before, &out, sizeof out);
    leadrules_pause pauses[2];
    memset(pauses, 0, sizeof pauses);
    pauses[0].from = MONDAY_9;
    pauses[0].to = MONDAY_9 + HOUR;
    pauses[1].from = MONDAY_9 + 2 * HOUR;
    pauses[1].to = MONDAY_9 + 2 * HOUR - 1;

    CHECK_STATUS(sla(engine, "nope", MONDAY_9, HOUR, MONDAY_9, NULL, 0, &out), LEADRULES_STATUS_UNKNOWN_CALENDAR);
    check_error(LEADRULES_STATUS_UNKNOWN_CALENDAR, "calendar");
    CHECK_STATUS(sla(engine, "office", LAST_SECOND + 1, HOUR, MONDAY_9, NULL, 0, &out),
                 LEADRULES_STATUS_INVALID_TIMESTAMP);
    check_error(LEADRULES_STATUS_INVALID_TIMESTAMP, "start");
    CHECK_STATUS(sla(engine, "office", MONDAY_9, -HOUR, MONDAY_9, NULL, 0, &out), LEADRULES_STATUS_INVALID_REQUEST);
    check_error(LEADRULES_STATUS_INVALID_REQUEST, "target");
    CHECK_STATUS(sla(engine, "office", MONDAY_9, HOUR, FIRST_SECOND - 1, NULL, 0, &out),
                 LEADRULES_STATUS_INVALID_TIMESTAMP);
    check_error(LEADRULES_STATUS_INVALID_TIMESTAMP, "now");
    /* The fields in the JSON request's order: the calendar before start,
     * start before target, target before now, now before the pauses. */
    CHECK_STATUS(sla(engine, "nope", INT64_MAX, -1, INT64_MIN, pauses, 2, &out), LEADRULES_STATUS_UNKNOWN_CALENDAR);
    CHECK_STATUS(sla(engine, "office", INT64_MAX, -1, INT64_MIN, pauses, 2, &out), LEADRULES_STATUS_INVALID_TIMESTAMP);
    check_error(LEADRULES_STATUS_INVALID_TIMESTAMP, "start");
    CHECK_STATUS(sla(engine, "office", MONDAY_9, -1, INT64_MIN, pauses, 2, &out), LEADRULES_STATUS_INVALID_REQUEST);
    check_error(LEADRULES_STATUS_INVALID_REQUEST, "target");
    CHECK_STATUS(sla(engine, "office", MONDAY_9, 1, INT64_MIN, pauses, 2, &out), LEADRULES_STATUS_INVALID_TIMESTAMP);
    check_error(LEADRULES_STATUS_INVALID_TIMESTAMP, "now");
    CHECK_STATUS(sla(engine, "office", MONDAY_9, HOUR, MONDAY_9, pauses, 2, &out), LEADRULES_STATUS_INVALID_REQUEST);
    check_error(LEADRULES_STATUS_INVALID_REQUEST, "paused[1].to");
    pauses[1].ongoing = true; /* `to` is not read any more */
    CHECK_STATUS(sla(engine, "office", MONDAY_9, HOUR, MONDAY_9, pauses, 2, &out), LEADRULES_STATUS_OK);
    memcpy(&out, &before, sizeof out);
    pauses[1].from = LAST_SECOND + 1;
    CHECK_STATUS(sla(engine, "office", MONDAY_9, HOUR, MONDAY_9, pauses, 2, &out), LEADRULES_STATUS_INVALID_TIMESTAMP);
    check_error(LEADRULES_STATUS_INVALID_TIMESTAMP, "paused[1].from");
    pauses[0].to = INT64_MIN;
    CHECK_STATUS(sla(engine, "office", MONDAY_9, HOUR, MONDAY_9, pauses, 2, &out), LEADRULES_STATUS_INVALID_TIMESTAMP);
    check_error(LEADRULES_STATUS_INVALID_TIMESTAMP, "paused[0].to");

    /* Misuse: the C argument named, an empty path. */
    CHECK_STATUS(leadrules_engine_sla(NULL, (const uint8_t *)"office", 6, 0, 0, 0, NULL, 0, &out),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_sla(engine, NULL, 6, 0, 0, 0, NULL, 0, &out), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_sla(engine, (const uint8_t *)"office", 6, 0, 0, 0, NULL, 1, &out),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    check_error(LEADRULES_STATUS_NULL_ARGUMENT, "");
    CHECK_STATUS(leadrules_engine_sla(engine, (const uint8_t *)"office", 6, 0, 0, 0, NULL, 0, NULL),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_sla(engine, (const uint8_t *)"of\xc3", 3, 0, 0, 0, NULL, 0, &out),
                 LEADRULES_STATUS_INVALID_UTF8);
    /* Misaligned storage is refused, not read or written. */
    leadrules_pause storage[3];
    memset(storage, 0, sizeof storage);
    const leadrules_pause *odd = (const leadrules_pause *)(const void *)((const char *)storage + 1);
    CHECK_STATUS(leadrules_engine_sla(engine, (const uint8_t *)"office", 6, 0, 0, 0, odd, 2, &out),
                 LEADRULES_STATUS_INVALID_PARAMETER);
    int64_t words[2] = {7, 7};
    int64_t *odd_out = (int64_t *)(void *)((char *)words + 1);
    const leadrules_calendar *office = NULL;
    CHECK_STATUS(leadrules_engine_calendar(engine, (const uint8_t *)"office", 6, &office), LEADRULES_STATUS_OK);
    CHECK_STATUS(leadrules_calendar_open_between(office, 0, 1, odd_out), LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK(words[0] == 7 && words[1] == 7);
    CHECK(memcmp(&out, &before, sizeof out) == 0);
}

/* The typed answer and the JSON entry's agree on one request. */
static void test_same_as_json(const leadrules_engine *engine) {
    static const char REQUEST[] =
        "{\"kind\": \"sla\", \"calendar\": \"office\", \"start\": \"2026-12-24T12:00:00+01:00\","
        " \"target\": \"PT2H\", \"now\": \"2026-12-28T09:30:00+01:00\","
        " \"paused\": [{\"from\": \"2026-12-28T09:00:00+01:00\", \"to\": \"2026-12-28T09:15:00+01:00\"}]}";
    char *response = NULL;
    CHECK_STATUS(leadrules_engine_decide(engine, (const uint8_t *)REQUEST, strlen(REQUEST), &response, NULL),
                 LEADRULES_STATUS_OK);
    leadrules_pause pause;
    memset(&pause, 0, sizeof pause);
    pause.from = MONDAY_9 + 7 * DAY;
    pause.to = MONDAY_9 + 7 * DAY + 900;
    leadrules_sla out;
    CHECK_STATUS(sla(engine, "office", MONDAY_9 + 3 * DAY + 3 * HOUR, 2 * HOUR, MONDAY_9 + 7 * DAY + 1800, &pause,
                     1, &out),
                 LEADRULES_STATUS_OK);
    /* One hour on Christmas Eve (closing at 13:00), the rest on Monday
     * 28th from 09:15: due 10:15 local, 09:15 UTC. */
    CHECK(out.has_due_at && out.due_at == MONDAY_9 + 7 * DAY + 4500);
    CHECK(out.elapsed == HOUR + 900 && out.remaining == 2700 && !out.breached && out.open_now);
    CHECK(response != NULL && strstr(response, "\"due_at\":\"2026-12-28T09:15:00Z\"") != NULL);
    CHECK(response != NULL && strstr(response, "\"elapsed\":\"PT1H15M\"") != NULL);
    CHECK(response != NULL && strstr(response, "\"remaining\":\"PT45M\"") != NULL);
    leadrules_string_free(response);
}

int main(void) {
    leadrules_engine *engine = NULL;
    CHECK_STATUS(leadrules_engine_new((const uint8_t *)CONFIG, strlen(CONFIG), &engine), LEADRULES_STATUS_OK);
    if (engine == NULL) return 1;
    test_lookup(engine);
    const leadrules_calendar *office = lookup(engine, "office");
    const leadrules_calendar *once = lookup(engine, "once");
    test_primitives(office);
    test_calendar_errors(office, once);
    test_sla(engine);
    test_sla_errors(engine);
    test_same_as_json(engine);
    leadrules_engine_free(engine);
    printf("test_hours: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
