/* records.h: the record reader of the typed-vector programs (a Python
 * driver writes each value as "<decimal byte length>\n<bytes>\n", or "-\n"
 * for an absent value, a NULL pointer), and the JSON printing their answer
 * lines share. Each program includes it once. */
#ifndef LEADRULES_TEST_RECORDS_H
#define LEADRULES_TEST_RECORDS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadrules.h"

/* One record: `data` NULL for "-". */
typedef struct {
    unsigned char *data;
    size_t len;
} record;

/* Reads one record. Returns 1 on success, 0 at a clean end of input, -1
 * on malformed input. */
static int read_record(record *out) {
    size_t n = 0;
    int digits = 0;
    int c = getchar();
    if (c == '-') {
        out->data = NULL;
        out->len = 0;
        return getchar() == '\n' ? 1 : -1;
    }
    for (; c != EOF && c != '\n'; c = getchar()) {
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
    buffer[n] = '\0';
    out->data = buffer;
    out->len = n;
    return 1;
}

static bool is(const record *r, const char *text) {
    return r->data != NULL && r->len == strlen(text) && memcmp(r->data, text, r->len) == 0;
}

/* Prints `text` as a JSON string (org ids are host text). */
static void print_string(const char *text) {
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\') {
            printf("\\%c", *p);
        } else if (*p < 0x20) {
            printf("\\u%04x", *p);
        } else {
            putchar(*p);
        }
    }
    putchar('"');
}

static void print_envelope(const char *lookup) {
    printf("{");
    if (lookup != NULL) {
        printf("\"lookup\":");
        print_string(lookup);
        printf(",");
    }
    printf("\"envelope\":%s}", leadrules_last_error_json());
}

/* Frees `count` records' bytes. */
static void free_records(record *records, int count) {
    for (int i = 0; i < count; i++) {
        free(records[i].data);
        records[i].data = NULL;
    }
}

/* Reads `count` records into `records`; answers how many were read, or -1
 * on malformed input. */
static int read_records(record *records, int count) {
    for (int i = 0; i < count; i++) {
        if (read_record(&records[i]) != 1) {
            return -1;
        }
    }
    return count;
}

/* Prints a JSON response, or the envelope of the failure. */
static void print_json(const leadrules_engine *engine, const record *request) {
    char *response = NULL;
    if (leadrules_engine_decide(engine, request->data, request->len, &response, NULL) == LEADRULES_STATUS_OK) {
        printf("%s", response);
        leadrules_string_free(response);
    } else {
        printf("%s", leadrules_last_error_json());
    }
}

#endif
