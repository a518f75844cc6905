/*
 * typed_sla.c: asks the `sla` conformance cases through the typed C call
 * leadrules_engine_sla and prints each answer.
 *
 * Reads records from stdin, each "<decimal byte length>\n<bytes>\n". Per
 * case: the config, the calendar name, then the numbers "start target now
 * count" and, per pause, "from to ongoing" (decimal, space-separated, one
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

/* Reads the next record (NUL-terminated for strtoll); NULL on bad input
 * or at the end (then *clean_end). */
static unsigned char *read_record(size_t *len, bool *clean_end) {
    int c = getchar();
    if (c == EOF) {
        *clean_end = true;
        return NULL;
    }
    size_t n = 0;
    int digits = 0;
    for (; c != EOF && c != '\n'; c = getchar(), digits++) {
        if (c < '0' || c > '9' || n > (SIZE_MAX - 9) / 10) return NULL;
        n = n * 10 + (size_t)(c - '0');
    }
    unsigned char *buffer = digits == 0 || c != '\n' ? NULL : malloc(n + 1);
    if (buffer == NULL || fread(buffer, 1, n, stdin) != n || getchar() != '\n') {
        free(buffer);
        return NULL;
    }
    buffer[n] = '\0';
    *len = n;
    return buffer;
}

/* The next decimal of `*text`, moving past it. */
static bool number(char **text, int64_t *out) {
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
    if (!number(&numbers, &start) || !number(&numbers, &target) || !number(&numbers, &now) ||
        !number(&numbers, &count) || count < 0 || count > 100000) {
        exit(2);
    }
    leadrules_pause *pauses = count == 0 ? NULL : calloc((size_t)count, sizeof *pauses);
    if (count > 0 && pauses == NULL) exit(2);
    for (int64_t i = 0; i < count; i++) {
        int64_t ongoing;
        if (!number(&numbers, &pauses[i].from) || !number(&numbers, &pauses[i].to) || !number(&numbers, &ongoing)) {
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
        size_t config_len = 0, calendar_len = 0, numbers_len = 0;
        bool end = false;
        unsigned char *config = read_record(&config_len, &end);
        if (config == NULL) return end ? 0 : 2;
        unsigned char *calendar = read_record(&calendar_len, &end);
        unsigned char *numbers = calendar == NULL ? NULL : read_record(&numbers_len, &end);
        if (numbers == NULL) return 2;

        leadrules_engine *engine = NULL;
        if (leadrules_engine_new(config, config_len, &engine) != LEADRULES_STATUS_OK) {
            printf("config %s\n", leadrules_last_error_json());
        } else {
            ask(engine, calendar, calendar_len, (char *)numbers);
            leadrules_engine_free(engine);
        }
        free(config);
        free(calendar);
        free(numbers);
        fflush(stdout);
    }
}
