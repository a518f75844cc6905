/*
 * typed_match_keys.c: asks the `match_keys` conformance cases with one
 * `lead` through the typed C call leadrules_engine_match_keys and prints
 * each answer.
 *
 * Reads records from stdin, each "<decimal byte length>\n<bytes>\n", or
 * "-\n" for an absent value (a NULL pointer). Per case: the config, then
 * the lead's phone, the number of mobiles and each, email, the number of
 * emails and each, name, company.
 *
 * Prints one line per case: "keys <count> <hex of the keys buffer>" (the
 * size asked first with a NULL buffer, then the keys written into a buffer
 * of exactly that size), "error <leadrules_last_error_json()>" for a
 * failed call, or "config <envelope>" for an engine that does not build.
 *
 * Driven by tests/c/run_typed_match_keys.py. Exits 2 on malformed input.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadrules.h"

#define MAX_RECORDS 512

typedef struct {
    unsigned char *data;
    size_t len;
    bool present;
} record;

static record records[MAX_RECORDS];
static size_t record_count;

/* Reads the next record into `out`; false on bad input or at the end. */
static bool read_record(record *out, bool *clean_end) {
    out->data = NULL;
    out->len = 0;
    out->present = false;
    int c = getchar();
    if (c == EOF) {
        *clean_end = true;
        return false;
    }
    if (c == '-') return getchar() == '\n';
    size_t n = 0;
    int digits = 0;
    for (; c != EOF && c != '\n'; c = getchar(), digits++) {
        if (c < '0' || c > '9' || n > (SIZE_MAX - 9) / 10) return false;
        n = n * 10 + (size_t)(c - '0');
    }
    unsigned char *buffer = digits == 0 || c != '\n' ? NULL : malloc(n + 1);
    if (buffer == NULL || fread(buffer, 1, n, stdin) != n || getchar() != '\n') {
        free(buffer);
        return false;
    }
    buffer[n] = '\0';
    out->data = buffer;
    out->len = n;
    out->present = true;
    return true;
}

static record *next(bool *ok) {
    bool end = false;
    if (!*ok || record_count == MAX_RECORDS || !read_record(&records[record_count], &end)) {
        *ok = false;
        return NULL;
    }
    return &records[record_count++];
}

static size_t number(record *r, bool *ok) {
    if (r == NULL || !r->present) {
        *ok = false;
        return 0;
    }
    return (size_t)strtoull((const char *)r->data, NULL, 10);
}

/* A list of `count` texts from the next records (NULL when 0). */
static leadrules_text *texts(size_t count, bool *ok) {
    if (count == 0) return NULL;
    leadrules_text *list = calloc(count, sizeof *list);
    if (list == NULL) {
        *ok = false;
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        record *r = next(ok);
        if (r == NULL) break;
        list[i].text = r->data;
        list[i].len = r->len;
    }
    return list;
}

static void print_keys(const leadrules_engine *engine, const leadrules_match_lead *lead) {
    size_t size = 0, count = 0;
    leadrules_status status = leadrules_engine_match_keys(engine, lead, NULL, 0, &size, NULL, 0, &count);
    if (status != LEADRULES_STATUS_OK && status != LEADRULES_STATUS_BUFFER_TOO_SMALL) {
        printf("error %s\n", leadrules_last_error_json());
        return;
    }
    unsigned char *keys = malloc(size + 1);
    size_t *lengths = malloc((count + 1) * sizeof *lengths);
    if (keys == NULL || lengths == NULL) {
        printf("error {\"error\": {\"code\": \"out_of_memory\"}}\n");
    } else if (leadrules_engine_match_keys(engine, lead, keys, size, &size, lengths, count, &count) !=
               LEADRULES_STATUS_OK) {
        printf("error %s\n", leadrules_last_error_json());
    } else {
        printf("keys %zu ", count);
        for (size_t i = 0; i < size; i++) printf("%02x", keys[i]);
        printf("\n");
    }
    free(keys);
    free(lengths);
}

int main(void) {
    for (;;) {
        bool ok = true, end = false;
        record_count = 0;
        if (!read_record(&records[0], &end)) {
            if (end) return 0;
            return 2;
        }
        record *config = &records[record_count++];
        leadrules_match_lead lead;
        memset(&lead, 0, sizeof lead);
        record *r = next(&ok);
        if (r != NULL) lead.phone = r->data, lead.phone_len = r->len;
        lead.mobile_count = number(next(&ok), &ok);
        leadrules_text *mobiles = texts(lead.mobile_count, &ok);
        lead.mobiles = mobiles;
        r = next(&ok);
        if (r != NULL) lead.email = r->data, lead.email_len = r->len;
        lead.email_count = number(next(&ok), &ok);
        leadrules_text *emails = texts(lead.email_count, &ok);
        lead.emails = emails;
        r = next(&ok);
        if (r != NULL) lead.name = r->data, lead.name_len = r->len;
        r = next(&ok);
        if (r != NULL) lead.company = r->data, lead.company_len = r->len;
        if (!ok) return 2;

        leadrules_engine *engine = NULL;
        if (leadrules_engine_new(config->data, config->len, &engine) != LEADRULES_STATUS_OK) {
            printf("config %s\n", leadrules_last_error_json());
        } else {
            print_keys(engine, &lead);
            leadrules_engine_free(engine);
        }
        free(mobiles);
        free(emails);
        for (size_t i = 0; i < record_count; i++) free(records[i].data);
        fflush(stdout);
    }
}
