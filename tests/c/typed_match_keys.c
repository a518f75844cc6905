/*
 * typed_match_keys.c: asks the `match_keys` conformance cases with one
 * `lead` through the typed C call leadrules_engine_match_keys and prints
 * each answer.
 *
 * Reads the records of tests/c/records.h ("-" for an absent value, a NULL
 * pointer). Per case: the config, then the lead's phone, the number of
 * mobiles and each, email, the number of emails and each, name, company.
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

#include "records.h"

#include "match_records.h"

/* The records of the case being read. */
static record_list records;

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
        bool ok = true;
        list_clear(&records, false);
        record *first = NULL;
        int got = list_read(&records, &first);
        if (got <= 0) {
            list_clear(&records, true);
            return got == 0 ? 0 : 2;
        }
        record config = *first;
        leadrules_match_lead lead;
        read_match_lead(&records, &lead, &ok);
        if (!ok) {
            return 2;
        }

        leadrules_engine *engine = NULL;
        if (leadrules_engine_new(config.data, config.len, &engine) != LEADRULES_STATUS_OK) {
            printf("config %s\n", leadrules_last_error_json());
        } else {
            print_keys(engine, &lead);
            leadrules_engine_free(engine);
        }
        free_match_lead(&lead);
        fflush(stdout);
    }
}
