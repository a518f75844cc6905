/*
 * typed_sla.c: asks the `sla` conformance cases through the typed C call
 * leadrules_engine_sla and prints each answer.
 *
 * Reads the records of tests/c/records.h (none absent). Per case: the
 * config, the calendar name, then the numbers "start target now count"
 * and, per pause, "from to ongoing" (decimal, space-separated, one
 * record).
 *
 * Prints one line per case: "sla <has_due_at> <due_at> <elapsed>
 * <remaining> <breached> <open_now> <has_next_open> <next_open>", "error
 * <leadrules_last_error_json()>" for a failed call, or "config
 * <envelope>" for an engine that does not build.
 *
 * Driven by tests/c/run_typed_sla.py. Exits 2 on malformed input.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadrules.h"

#include "records.h"

/* The next decimal of `*text`, moving past it. */
static bool next_number(char **text, int64_t *out) {
    char *end = NULL;
    errno = 0;
    long long value = strtoll(*text, &end, 10);
    if (end == *text || errno != 0) return false;
    *text = end;
    *out = (int64_t)value;
    return true;
}

static void ask(const leadrules_engine *engine, const unsigned char *calendar, size_t calendar_len, char *numbers) {
    int64_t start, target, now, count;
    if (!next_number(&numbers, &start) || !next_number(&numbers, &target) || !next_number(&numbers, &now) ||
        !next_number(&numbers, &count) || count < 0 || count > 100000) {
        exit(2);
    }
    leadrules_pause *pauses = count == 0 ? NULL : calloc((size_t)count, sizeof *pauses);
    if (count > 0 && pauses == NULL) exit(2);
    for (int64_t i = 0; i < count; i++) {
        int64_t ongoing;
        if (!next_number(&numbers, &pauses[i].from) || !next_number(&numbers, &pauses[i].to) || !next_number(&numbers, &ongoing)) {
            exit(2);
        }
        pauses[i].ongoing = ongoing != 0;
    }
    leadrules_sla out;
    if (leadrules_engine_sla(engine, calendar, calendar_len, start, target, now, pauses, (size_t)count, &out) !=
        LEADRULES_STATUS_OK) {
        printf("error %s\n", leadrules_last_error_json());
    } else {
        printf("sla %d %" PRId64 " %" PRId64 " %" PRId64 " %d %d %d %" PRId64 "\n", out.has_due_at, out.due_at,
               out.elapsed, out.remaining, out.breached, out.open_now, out.has_next_open, out.next_open);
    }
    free(pauses);
}

int main(void) {
    for (;;) {
        record config = {NULL, 0}, calendar = {NULL, 0}, numbers = {NULL, 0};
        int got = read_record(&config);
        if (got == 0) return 0;
        if (got < 0 || config.data == NULL || read_record(&calendar) != 1 || calendar.data == NULL ||
            read_record(&numbers) != 1 || numbers.data == NULL) {
            return 2;
        }

        leadrules_engine *engine = NULL;
        if (leadrules_engine_new(config.data, config.len, &engine) != LEADRULES_STATUS_OK) {
            printf("config %s\n", leadrules_last_error_json());
        } else {
            ask(engine, calendar.data, calendar.len, (char *)numbers.data);
            leadrules_engine_free(engine);
        }
        free(config.data);
        free(calendar.data);
        free(numbers.data);
        fflush(stdout);
    }
}
