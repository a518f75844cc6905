/* Duplicate detection by stored keys from C: a lead's keys and its
 * candidates' keys (as leadrules_engine_match_keys wrote them) compared by
 * the typed leadrules_engine_match_keyed, the answer written into caller
 * arrays sized as with snprintf, and every misuse answered with a status
 * and nothing written. Compiled -std=c11 -Wall -Wextra -Wpedantic -Werror. */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadrules.h"

#include "check.h"

static const char CONFIG[] =
    "{\"policy\": {\"matching\": {\"default_region\": \"IN\", \"rules\": ["
    "  {\"id\": \"same-phone\", \"keys\": [\"phone\"], \"action\": \"block\"},"
    "  {\"id\": \"same-email\", \"keys\": [\"email\"], \"action\": \"link\"},"
    "  {\"id\": \"same-person\", \"keys\": [\"name\", \"company\"], \"action\": \"alert\"}]}}}";

static leadrules_text text(const char *value) {
    leadrules_text t;
    t.text = (const uint8_t *)value;
    t.len = strlen(value);
    return t;
}

static leadrules_keyed_lead keyed(const char *id, const leadrules_text *keys, size_t count) {
    leadrules_keyed_lead lead;
    lead.id = (const uint8_t *)id;
    lead.id_len = strlen(id);
    lead.keys = keys;
    lead.key_count = count;
    return lead;
}

static bool is(leadrules_text t, const char *expected) {
    return t.len == strlen(expected) && memcmp(t.text, expected, t.len) == 0;
}

static void test_matches(const leadrules_engine *engine) {
    leadrules_text own[3];
    own[0] = text("same-email:janedoe@gmail.com");
    own[1] = text("same-person:jane doe|acme");
    own[2] = text("same-phone:+919812345678");
    leadrules_text a_keys[2], b_keys[2], c_keys[1];
    a_keys[0] = text("same-person:jane doe|acme");
    a_keys[1] = text("same-email:janedoe@gmail.com");
    b_keys[0] = text("same-phone:+919812345678");
    b_keys[1] = text("gone:+919812345678"); /* a rule the policy no longer has */
    c_keys[0] = text("same-person:john roe|acme");
    leadrules_keyed_lead candidates[4];
    candidates[0] = keyed("A", a_keys, 2);
    candidates[1] = keyed("C", c_keys, 1);
    candidates[2] = keyed("B", b_keys, 2);
    candidates[3] = keyed("NEW", own, 3);
    bool allowed = true;
    size_t match_count = 0, rule_count = 0;

    /* The counts first, as with snprintf: NULL and 0. */
    CHECK_STATUS(leadrules_engine_match_keyed(engine, (const uint8_t *)"NEW", 3, own, 3, candidates, 4, &allowed, NULL,
                                              0, &match_count, NULL, 0, &rule_count),
                 LEADRULES_STATUS_BUFFER_TOO_SMALL);
    CHECK(match_count == 2 && rule_count == 3 && allowed);

    leadrules_match matches[4];
    leadrules_text rules[12];
    memset(matches, 0, sizeof matches);
    /* Room for the matches but not the rules: still too small. */
    CHECK_STATUS(leadrules_engine_match_keyed(engine, (const uint8_t *)"NEW", 3, own, 3, candidates, 4, &allowed,
                                              matches, 4, &match_count, rules, 2, &rule_count),
                 LEADRULES_STATUS_BUFFER_TOO_SMALL);
    CHECK(matches[0].rule_count == 0 && allowed);

    CHECK_STATUS(leadrules_engine_match_keyed(engine, (const uint8_t *)"NEW", 3, own, 3, candidates, 4, &allowed,
                                              matches, 4, &match_count, rules, 12, &rule_count),
                 LEADRULES_STATUS_OK);
    CHECK(!allowed && match_count == 2 && rule_count == 3);
    CHECK(matches[0].candidate == 0 && matches[0].action == LEADRULES_MATCH_LINK);
    CHECK(matches[0].rules_start == 0 && matches[0].rule_count == 2);
    CHECK(is(rules[0], "same-email") && is(rules[1], "same-person"));
    CHECK(matches[1].candidate == 2 && matches[1].action == LEADRULES_MATCH_BLOCK);
    CHECK(matches[1].rules_start == 2 && matches[1].rule_count == 1 && is(rules[2], "same-phone"));
    CHECK(LEADRULES_MATCH_ALERT < LEADRULES_MATCH_LINK && LEADRULES_MATCH_LINK < LEADRULES_MATCH_BLOCK);

    /* Without the lead's id, its own saved copy matches too. */
    CHECK_STATUS(leadrules_engine_match_keyed(engine, NULL, 0, own, 3, candidates, 4, &allowed, matches, 4,
                                              &match_count, rules, 12, &rule_count),
                 LEADRULES_STATUS_OK);
    CHECK(match_count == 3 && matches[2].candidate == 3 && matches[2].rule_count == 3);

    /* No keys, no candidates: allowed, nothing matched. */
    CHECK_STATUS(leadrules_engine_match_keyed(engine, NULL, 0, NULL, 0, NULL, 0, &allowed, NULL, 0, &match_count, NULL,
                                              0, &rule_count),
                 LEADRULES_STATUS_OK);
    CHECK(allowed && match_count == 0 && rule_count == 0);
}

static void test_misuse(const leadrules_engine *engine) {
    leadrules_text own[1];
    own[0] = text("same-phone:+919812345678");
    leadrules_keyed_lead candidates[2];
    candidates[0] = keyed("A", own, 1);
    candidates[1] = keyed("A", own, 1);
    bool allowed = true;
    size_t match_count = 7, rule_count = 7;
    leadrules_match matches[2];
    leadrules_text rules[6];

    /* A repeated or blank candidate id: the protocol's error at its path. */
    CHECK_STATUS(leadrules_engine_match_keyed(engine, NULL, 0, own, 1, candidates, 2, &allowed, matches, 2,
                                              &match_count, rules, 6, &rule_count),
                 LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(strcmp(leadrules_last_error_path(), "candidates[1].id") == 0);
    CHECK(allowed && match_count == 7 && rule_count == 7);
    candidates[1] = keyed(" ", own, 1);
    CHECK_STATUS(leadrules_engine_match_keyed(engine, NULL, 0, own, 1, candidates, 2, &allowed, matches, 2,
                                              &match_count, rules, 6, &rule_count),
                 LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(strcmp(leadrules_last_error_path(), "candidates[1].id") == 0);
    CHECK_STATUS(leadrules_engine_match_keyed(engine, (const uint8_t *)"", 0, own, 1, candidates, 1, &allowed, matches,
                                              2, &match_count, rules, 6, &rule_count),
                 LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(strcmp(leadrules_last_error_path(), "lead.id") == 0);

    /* NULLs, bad UTF-8, misaligned arrays: misuse, nothing written. */
    candidates[1] = keyed("B", own, 1);
    CHECK_STATUS(leadrules_engine_match_keyed(NULL, NULL, 0, own, 1, candidates, 2, &allowed, matches, 2, &match_count,
                                              rules, 6, &rule_count),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_match_keyed(engine, NULL, 0, own, 1, candidates, 2, NULL, matches, 2, &match_count,
                                              rules, 6, &rule_count),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_match_keyed(engine, NULL, 0, own, 1, candidates, 2, &allowed, matches, 2, NULL, rules,
                                              6, &rule_count),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_match_keyed(engine, NULL, 0, own, 1, candidates, 2, &allowed, matches, 2,
                                              &match_count, rules, 6, NULL),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_match_keyed(engine, NULL, 0, NULL, 1, candidates, 2, &allowed, matches, 2,
                                              &match_count, rules, 6, &rule_count),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_match_keyed(engine, NULL, 0, own, 1, NULL, 2, &allowed, matches, 2, &match_count,
                                              rules, 6, &rule_count),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_match_keyed(engine, NULL, 0, own, 1, candidates, 2, &allowed, NULL, 2, &match_count,
                                              rules, 6, &rule_count),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    leadrules_keyed_lead no_keys = keyed("C", NULL, 1);
    CHECK_STATUS(leadrules_engine_match_keyed(engine, NULL, 0, own, 1, &no_keys, 1, &allowed, matches, 2,
                                              &match_count, rules, 6, &rule_count),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(strstr(leadrules_last_error_message(), "candidates[0].keys") != NULL);
    leadrules_text bad[1];
    bad[0].text = (const uint8_t *)"same-phone:\xff";
    bad[0].len = strlen("same-phone:\xff");
    leadrules_keyed_lead bad_keys = keyed("C", bad, 1);
    CHECK_STATUS(leadrules_engine_match_keyed(engine, NULL, 0, own, 1, &bad_keys, 1, &allowed, matches, 2,
                                              &match_count, rules, 6, &rule_count),
                 LEADRULES_STATUS_INVALID_UTF8);
    CHECK(strstr(leadrules_last_error_message(), "candidates[0].keys[0].text") != NULL);
    CHECK_STATUS(leadrules_engine_match_keyed(engine, NULL, 0, bad, 1, candidates, 2, &allowed, matches, 2,
                                              &match_count, rules, 6, &rule_count),
                 LEADRULES_STATUS_INVALID_UTF8);
    CHECK(strstr(leadrules_last_error_message(), "lead_keys[0].text") != NULL);
    size_t counts[3];
    CHECK_STATUS(leadrules_engine_match_keyed(engine, NULL, 0, own, 1, candidates, 2, &allowed, matches, 2,
                                              (size_t *)((char *)counts + 1), rules, 6, &rule_count),
                 LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK(allowed && match_count == 7 && rule_count == 7);
}

int main(void) {
    leadrules_engine *engine = NULL;
    CHECK_STATUS(leadrules_engine_new((const uint8_t *)CONFIG, strlen(CONFIG), &engine), LEADRULES_STATUS_OK);
    if (engine == NULL) return 1;
    test_matches(engine);
    test_misuse(engine);
    leadrules_engine_free(engine);
    printf("test_match_keyed: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
