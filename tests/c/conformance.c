/*
 * conformance.c: runs conformance cases through the C JSON entry point.
 *
 * Reads records "<decimal byte length>\n<bytes>\n" from stdin, alternately
 * a config and a request. For each pair it builds an engine from the config
 * (on failure it prints leadrules_last_error_json()), else asks the request
 * with leadrules_engine_decide and prints the response JSON, or on error
 * leadrules_last_error_json(). Exactly one line per case on stdout.
 *
 * Driven by tests/c/run_conformance.py, which compares the lines with the
 * vectors in tests/conformance/. Exits 2 on malformed input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "leadrules.h"

/* Reads one record into a malloc'd buffer. Returns 1 on success, 0 at a
 * clean end of input, -1 on malformed input. */
static int read_record(unsigned char **data, size_t *len) {
    size_t n = 0;
    int digits = 0;
    int c;
    while ((c = getchar()) != EOF && c != '\n') {
        if (c < '0' || c > '9' || n > (SIZE_MAX - 9) / 10) {
            return -1;
        }
        n = n * 10 + (size_t)(c - '0');
        digits++;
    }
    if (digits == 0) {
        return c == EOF ? 0 : -1;
    }
    if (c != '\n') {
        return -1;
    }
    unsigned char *buffer = malloc(n + 1);
    if (buffer == NULL) {
        return -1;
    }
    if (fread(buffer, 1, n, stdin) != n || getchar() != '\n') {
        free(buffer);
        return -1;
    }
    *data = buffer;
    *len = n;
    return 1;
}

int main(void) {
    int cases = 0;
    for (;;) {
        unsigned char *config = NULL;
        unsigned char *request = NULL;
        size_t config_len = 0;
        size_t request_len = 0;
        int got = read_record(&config, &config_len);
        if (got == 0) {
            break;
        }
        if (got < 0 || read_record(&request, &request_len) != 1) {
            free(config);
            fprintf(stderr, "conformance: malformed input after %d cases\n", cases);
            return 2;
        }

        leadrules_engine *engine = NULL;
        if (leadrules_engine_new(config, config_len, &engine) != LEADRULES_STATUS_OK) {
            printf("%s\n", leadrules_last_error_json());
        } else {
            char *response = NULL;
            if (leadrules_engine_decide(engine, request, request_len, &response, NULL) == LEADRULES_STATUS_OK) {
                printf("%s\n", response);
                leadrules_string_free(response);
            } else {
                printf("%s\n", leadrules_last_error_json());
            }
            leadrules_engine_free(engine);
        }
        free(config);
        free(request);
        cases++;
    }
    fflush(stdout);
    return 0;
}
