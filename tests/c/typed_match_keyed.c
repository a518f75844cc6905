/*
 * typed_match_keyed.c: asks the `match` conformance cases through the typed
 * C calls a host with a key index makes: the lead's keys and each
 * candidate's by leadrules_engine_match_keys, then the match by
 * leadrules_engine_match_keyed over those keys, and prints each answer.
 *
 * Reads the records of tests/c/records.h ("-" for an absent value, a NULL
 * pointer). Per case: the config, the
 * lead's id, the lead (phone, the number of mobiles and each, email, the
 * number of emails and each, name, company), the number of candidates,
 * then each candidate's id and fields in the lead's order.
 *
 * Prints one line per case: "matches <allowed 0|1> <count>" followed by,
 * for each match, " <candidate index>:<action number>:<hex of its rule
 * ids, each followed by a NUL>"; "error <leadrules_last_error_json()>" for
 * a failed call, or "config <envelope>" for an engine that does not build.
 * The counts of matches and rules are asked first with no buffers, then
 * written into buffers of exactly that size.
 *
 * Driven by tests/c/run_typed_match_keyed.py. Exits 2 on malformed input.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadrules.h"

#include "records.h"

#include "match_records.h"

#define MAX_CANDIDATES 64

/* The records of the case being read. */
static record_list records;

/* The keys of `lead` as texts over one buffer (*buffer_out, freed by the
 * caller); false with the error printed when the call fails. */
static bool keys_of(const leadrules_engine *engine, const leadrules_match_lead *lead, unsigned char **buffer_out,
                    leadrules_text **keys_out, size_t *count_out) {
    size_t size = 0, count = 0;
    leadrules_status status = leadrules_engine_match_keys(engine, lead, NULL, 0, &size, NULL, 0, &count);
    if (status != LEADRULES_STATUS_OK && status != LEADRULES_STATUS_BUFFER_TOO_SMALL) {
        printf("error %s\n", leadrules_last_error_json());
        return false;
    }
    unsigned char *buffer = malloc(size + 1);
    size_t *lengths = malloc((count + 1) * sizeof *lengths);
    leadrules_text *keys = malloc((count + 1) * sizeof *keys);
    if (buffer == NULL || lengths == NULL || keys == NULL ||
        leadrules_engine_match_keys(engine, lead, buffer, size, &size, lengths, count, &count) != LEADRULES_STATUS_OK) {
        printf("error %s\n", leadrules_last_error_json());
        free(buffer);
        free(lengths);
        free(keys);
        return false;
    }
    size_t at = 0;
    for (size_t i = 0; i < count; i++) {
        keys[i].text = buffer + at;
        keys[i].len = lengths[i];
        at += lengths[i] + 1;
    }
    free(lengths);
    *buffer_out = buffer;
    *keys_out = keys;
    *count_out = count;
    return true;
}

static void print_matches(const leadrules_engine *engine, record lead_id, const leadrules_text *lead_keys,
                          size_t lead_key_count, const leadrules_keyed_lead *candidates, size_t candidate_count) {
    const uint8_t *id = lead_id.data;
    size_t id_len = lead_id.len;
    bool allowed = false;
    size_t match_count = 0, rule_count = 0;
    leadrules_status status =
        leadrules_engine_match_keyed(engine, id, id_len, lead_keys, lead_key_count, candidates, candidate_count,
                                     &allowed, NULL, 0, &match_count, NULL, 0, &rule_count);
    if (status != LEADRULES_STATUS_OK && status != LEADRULES_STATUS_BUFFER_TOO_SMALL) {
        printf("error %s\n", leadrules_last_error_json());
        return;
    }
    leadrules_match *matches = malloc((match_count + 1) * sizeof *matches);
    leadrules_text *rules = malloc((rule_count + 1) * sizeof *rules);
    if (matches == NULL || rules == NULL ||
        leadrules_engine_match_keyed(engine, id, id_len, lead_keys, lead_key_count, candidates, candidate_count,
                                     &allowed, matches, match_count, &match_count, rules, rule_count,
                                     &rule_count) != LEADRULES_STATUS_OK) {
        printf("error %s\n", leadrules_last_error_json());
    } else {
        printf("matches %d %zu", allowed ? 1 : 0, match_count);
        for (size_t m = 0; m < match_count; m++) {
            printf(" %zu:%u:", matches[m].candidate, matches[m].action);
            for (size_t r = 0; r < matches[m].rule_count; r++) {
                const leadrules_text *rule = &rules[matches[m].rules_start + r];
                for (size_t b = 0; b < rule->len; b++) printf("%02x", rule->text[b]);
                printf("00");
            }
        }
        printf("\n");
    }
    free(matches);
    free(rules);
}

int main(void) {
    static leadrules_match_lead leads[MAX_CANDIDATES];
    static leadrules_keyed_lead keyed[MAX_CANDIDATES];
    static unsigned char *buffers[MAX_CANDIDATES];
    static leadrules_text *key_lists[MAX_CANDIDATES];
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
        record lead_id = list_next(&records, &ok);
        leadrules_match_lead lead;
        read_match_lead(&records, &lead, &ok);
        size_t count = count_of(list_next(&records, &ok), &ok);
        if (count > MAX_CANDIDATES) return 2;
        for (size_t i = 0; i < count; i++) {
            record id = list_next(&records, &ok);
            keyed[i].id = id.data, keyed[i].id_len = id.len;
            read_match_lead(&records, &leads[i], &ok);
        }
        if (!ok) return 2;

        leadrules_engine *engine = NULL;
        if (leadrules_engine_new(config.data, config.len, &engine) != LEADRULES_STATUS_OK) {
            printf("config %s\n", leadrules_last_error_json());
        } else {
            unsigned char *lead_buffer = NULL;
            leadrules_text *lead_keys = NULL;
            size_t lead_key_count = 0;
            for (size_t i = 0; i < count; i++) buffers[i] = NULL, key_lists[i] = NULL;
            bool keyed_ok = keys_of(engine, &lead, &lead_buffer, &lead_keys, &lead_key_count);
            for (size_t i = 0; keyed_ok && i < count; i++) {
                keyed_ok = keys_of(engine, &leads[i], &buffers[i], &key_lists[i], &keyed[i].key_count);
                keyed[i].keys = key_lists[i];
            }
            if (keyed_ok) print_matches(engine, lead_id, lead_keys, lead_key_count, keyed, count);
            for (size_t i = 0; i < count; i++) {
                free(buffers[i]);
                free(key_lists[i]);
            }
            free(lead_buffer);
            free(lead_keys);
            leadrules_engine_free(engine);
        }
        free_match_lead(&lead);
        for (size_t i = 0; i < count; i++) free_match_lead(&leads[i]);
        fflush(stdout);
    }
}
