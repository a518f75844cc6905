/* The columnar sweep from C: stage and template codes, arrays of Unix
 * seconds, a caller-owned array of due rows, and every misuse answered with
 * a status. Compiled -std=c11 -Wall -Wextra -Wpedantic -Werror. */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "leadrules.h"

#include "check.h"

#define S(text) (const uint8_t *)(text), strlen(text)

/* 2026-11-20T09:00:00Z and one day. */
#define T0 INT64_C(1763629200)
#define DAY INT64_C(86400)

static const char CONFIG[] =
    "{\"policy\": {\"templates\": {\"fast\": {\"pending\": \"PT36H\"},"
    " \"emea\": {\"pending\": \"P5D\", \"time_zone\": \"Europe/Berlin\", \"end_of_day\": true}}}}";

static uint32_t stage(const leadrules_engine *engine, const char *name) {
    uint32_t code = UINT32_MAX;
    CHECK_STATUS(leadrules_engine_stage_code(engine, S("partner_lead"), S(name), &code), LEADRULES_STATUS_OK);
    return code;
}

static uint32_t template_code(const leadrules_engine *engine, const char *name) {
    uint32_t code = UINT32_MAX;
    CHECK_STATUS(leadrules_engine_template_code(engine, S(name), &code), LEADRULES_STATUS_OK);
    return code;
}

static void test_sweep(const leadrules_engine *engine) {
    uint32_t pending = stage(engine, "pending");
    uint32_t accepted = stage(engine, "accepted");
    uint32_t closed = stage(engine, "closed_converted");
    uint32_t stages[5] = {pending, accepted, closed, pending, pending};
    int64_t created[5] = {T0, T0, LEADRULES_NO_TIME, T0 + 2 * DAY, T0};
    int64_t accepted_at[5] = {LEADRULES_NO_TIME, T0 + DAY, LEADRULES_NO_TIME, LEADRULES_NO_TIME,
                              LEADRULES_NO_TIME};
    int64_t expires[5] = {LEADRULES_NO_TIME, LEADRULES_NO_TIME, LEADRULES_NO_TIME, LEADRULES_NO_TIME,
                          T0 + 3 * DAY};
    leadrules_lead_columns columns = {stages, created, expires, accepted_at, NULL, NULL, 5};
    size_t due[5] = {99, 99, 99, 99, 99};
    size_t due_count = 99;
    int64_t next = 0;

    /* At T0 + 7 days exactly, row 0 (created T0, P7D) is due; row 4's host
     * deadline passed; row 3 waits two more days; row 1 has 24 more. */
    CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("partner_lead"), &columns, T0 + 7 * DAY, due,
                                                &due_count, &next),
                 LEADRULES_STATUS_OK);
    CHECK(due_count == 2);
    CHECK(due[0] == 0 && due[1] == 4);
    CHECK(next == T0 + 9 * DAY);

    /* One second earlier, row 0 is not due yet and is the next deadline. */
    CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("partner_lead"), &columns, T0 + 7 * DAY - 1, due,
                                                &due_count, &next),
                 LEADRULES_STATUS_OK);
    CHECK(due_count == 1 && due[0] == 4);
    CHECK(next == T0 + 7 * DAY);

    /* Templates by code: 36 hours, and Berlin's end of day. */
    uint32_t templates[2] = {template_code(engine, "fast"), template_code(engine, "emea")};
    uint32_t two_pending[2] = {pending, pending};
    int64_t two_created[2] = {T0, T0};
    leadrules_lead_columns programs = {two_pending, two_created, NULL, NULL, NULL, templates, 2};
    CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("partner_lead"), &programs, T0 + 2 * DAY, due,
                                                &due_count, &next),
                 LEADRULES_STATUS_OK);
    CHECK(due_count == 1 && due[0] == 0);
    /* 10:00 CET on the 20th + 5 days -> end of the 25th, 00:00 CET = 23:00Z on the 25th. */
    CHECK(next == T0 + 5 * DAY + 14 * 3600);

    /* No rows: NULL arrays are fine, nothing is due, nothing comes. */
    leadrules_lead_columns empty = {NULL, NULL, NULL, NULL, NULL, NULL, 0};
    CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("partner_lead"), &empty, T0, due, &due_count, &next),
                 LEADRULES_STATUS_OK);
    CHECK(due_count == 0 && next == LEADRULES_NO_TIME);
}

static void test_errors(const leadrules_engine *engine) {
    uint32_t pending = stage(engine, "pending");
    uint32_t stages[2] = {pending, pending};
    int64_t created[2] = {T0, LEADRULES_NO_TIME};
    leadrules_lead_columns columns = {stages, created, NULL, NULL, NULL, NULL, 2};
    size_t due[2];
    size_t due_count = 7;
    int64_t next = 7;

    CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("partner_lead"), &columns, T0, due, &due_count, &next),
                 LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(strcmp(leadrules_last_error_path(), "created_at[1]") == 0);
    CHECK(due_count == 7 && next == 7);

    uint32_t bad_stage[2] = {pending, 4000};
    int64_t both[2] = {T0, T0};
    leadrules_lead_columns unknown = {bad_stage, both, NULL, NULL, NULL, NULL, 2};
    CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("partner_lead"), &unknown, T0, due, &due_count, &next),
                 LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(strcmp(leadrules_last_error_path(), "stages[1]") == 0);

    uint32_t bad_template[2] = {0, 77};
    leadrules_lead_columns programs = {stages, both, NULL, NULL, NULL, bad_template, 2};
    CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("partner_lead"), &programs, T0, due, &due_count, &next),
                 LEADRULES_STATUS_UNKNOWN_TEMPLATE);
    CHECK(strcmp(leadrules_last_error_path(), "templates[1]") == 0);

    CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("nope"), &columns, T0, due, &due_count, &next),
                 LEADRULES_STATUS_UNKNOWN_WORKFLOW);
    CHECK_STATUS(leadrules_engine_sweep_columns(NULL, S("partner_lead"), &columns, T0, due, &due_count, &next),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("partner_lead"), NULL, T0, due, &due_count, &next),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("partner_lead"), &columns, T0, NULL, &due_count, &next),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("partner_lead"), &columns, T0, due, NULL, &next),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("partner_lead"), &columns, T0, due, &due_count, NULL),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    leadrules_lead_columns missing = {NULL, created, NULL, NULL, NULL, NULL, 2};
    CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("partner_lead"), &missing, T0, due, &due_count, &next),
                 LEADRULES_STATUS_NULL_ARGUMENT);

    /* A misaligned array is refused, not read. */
    int64_t storage[3] = {T0, T0, T0};
    const int64_t *odd = (const int64_t *)(const void *)((const char *)storage + 1);
    leadrules_lead_columns misaligned = {stages, odd, NULL, NULL, NULL, NULL, 2};
    CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("partner_lead"), &misaligned, T0, due, &due_count, &next),
                 LEADRULES_STATUS_INVALID_PARAMETER);

    uint32_t code = 5;
    /* The lookups answer at the field the name fills in a request, with
     * the messages Python raises (tests/python/test_expiry.py pins the same). */
    CHECK_STATUS(leadrules_engine_stage_code(engine, S("partner_lead"), S("limbo"), &code),
                 LEADRULES_STATUS_UNKNOWN_STAGE);
    CHECK(strcmp(leadrules_last_error_path(), "stage") == 0);
    CHECK(strcmp(leadrules_last_error_message(), "`limbo` is not a stage of `partner_lead`") == 0);
    CHECK_STATUS(leadrules_engine_stage_code(engine, S("nope"), S("pending"), &code),
                 LEADRULES_STATUS_UNKNOWN_WORKFLOW);
    CHECK(strcmp(leadrules_last_error_path(), "workflow") == 0);
    CHECK(strcmp(leadrules_last_error_message(), "unknown workflow `nope`") == 0);
    CHECK_STATUS(leadrules_engine_stage_code(engine, S("partner_lead"), S("pending"), NULL),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_template_code(engine, S("mars"), &code), LEADRULES_STATUS_UNKNOWN_TEMPLATE);
    CHECK(strcmp(leadrules_last_error_json(),
                 "{\"error\":{\"code\":\"unknown_template\",\"message\":\"unknown template `mars`\","
                 "\"path\":\"template\"}}") == 0);
    CHECK_STATUS(leadrules_engine_template_code(NULL, S("fast"), &code), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(code == 5);
}

/* Cost finding 9 (RELIABILITY.md#cost): a `now` outside the years 0000-9999
 * (INT64_MAX made every lead due, LEADRULES_NO_TIME none) is refused as the
 * JSON `sweep` refuses its text, and so is a time outside them in any column,
 * read by the row's period or not. Nothing is written on failure. */
static void test_times_outside_the_calendar(const leadrules_engine *engine) {
    uint32_t pending = stage(engine, "pending");
    uint32_t stages[1] = {pending};
    int64_t created[1] = {T0};
    leadrules_lead_columns columns = {stages, created, NULL, NULL, NULL, NULL, 1};
    leadrules_lead_columns empty = {NULL, NULL, NULL, NULL, NULL, NULL, 0};
    size_t due[1] = {99};
    size_t due_count = 7;
    int64_t next = 7;
    const int64_t bad_now[4] = {INT64_MAX, LEADRULES_NO_TIME, INT64_C(253402300800), INT64_C(-62167219201)};
    for (size_t i = 0; i < 4; i++) {
        CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("partner_lead"), &columns, bad_now[i], due,
                                                    &due_count, &next),
                     LEADRULES_STATUS_INVALID_TIMESTAMP);
        CHECK(leadrules_last_error_status() == LEADRULES_STATUS_INVALID_TIMESTAMP);
        CHECK(strcmp(leadrules_last_error_path(), "now") == 0);
        CHECK(strstr(leadrules_last_error_json(), "\"code\":\"invalid_timestamp\"") != NULL);
        CHECK(due_count == 7 && next == 7 && due[0] == 99);
        CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("partner_lead"), &empty, bad_now[i], due,
                                                    &due_count, &next),
                     LEADRULES_STATUS_INVALID_TIMESTAMP);
    }
    /* The last second of the year 9999 is a time like any other. */
    CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("partner_lead"), &columns, INT64_C(253402300799), due,
                                                &due_count, &next),
                 LEADRULES_STATUS_OK);
    CHECK(due_count == 1 && due[0] == 0 && next == LEADRULES_NO_TIME);

    /* Row 0 is pending: its `accepted_at` is not read, yet an out-of-range
     * one is refused, as a lead object could not hold it. */
    int64_t accepted_at[1] = {INT64_MAX};
    leadrules_lead_columns unread = {stages, created, NULL, accepted_at, NULL, NULL, 1};
    due_count = 7;
    CHECK_STATUS(leadrules_engine_sweep_columns(engine, S("partner_lead"), &unread, T0, due, &due_count, &next),
                 LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(strcmp(leadrules_last_error_path(), "accepted_at[0]") == 0);
    CHECK(due_count == 7);
}

int main(void) {
    leadrules_engine *engine = NULL;
    if (leadrules_engine_new((const uint8_t *)CONFIG, strlen(CONFIG), &engine) != LEADRULES_STATUS_OK) {
        fprintf(stderr, "config rejected: %s\n", leadrules_last_error_json());
        return 1;
    }
    test_sweep(engine);
    test_errors(engine);
    test_times_outside_the_calendar(engine);
    leadrules_engine_free(engine);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
