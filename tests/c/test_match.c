/* Duplicate detection from C: a lead's match keys written into caller
 * buffers (the typed leadrules_engine_match_keys), the size asked first
 * as with snprintf, and every misuse answered with a status and nothing
 * written. Compiled -std=c11 -Wall -Wextra -Wpedantic -Werror. */

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

static leadrules_match_lead jane(const leadrules_text *mobiles, size_t mobile_count) {
    leadrules_match_lead lead;
    memset(&lead, 0, sizeof lead);
    lead.phone = (const uint8_t *)"098123 45678";
    lead.phone_len = strlen("098123 45678");
    lead.mobiles = mobiles;
    lead.mobile_count = mobile_count;
    lead.email = (const uint8_t *)"Jane.Doe+crm@GoogleMail.com";
    lead.email_len = strlen("Jane.Doe+crm@GoogleMail.com");
    lead.name = (const uint8_t *)"  Jan\xc3\xa9   Doe ";
    lead.name_len = strlen("  Jan\xc3\xa9   Doe ");
    lead.company = (const uint8_t *)"ACME Private Limited";
    lead.company_len = strlen("ACME Private Limited");
    return lead;
}

static const char EXPECTED[] =
    "same-email:janedoe@gmail.com\0same-person:jane doe|acme\0same-phone:+919812345678\0"
    "same-phone:+919900011111";

static void test_keys(const leadrules_engine *engine) {
    leadrules_text mobiles[1];
    mobiles[0] = text("+91 99000 11111");
    leadrules_match_lead lead = jane(mobiles, 1);
    size_t size = 0, count = 0, lengths[8] = {0};

    /* The size first, as with snprintf: NULL and 0. */
    CHECK_STATUS(leadrules_engine_match_keys(engine, &lead, NULL, 0, &size, NULL, 0, &count),
                 LEADRULES_STATUS_BUFFER_TOO_SMALL);
    CHECK(size == sizeof EXPECTED && count == 4);

    char *keys = malloc(size);
    CHECK(keys != NULL);
    if (keys == NULL) return;
    CHECK_STATUS(leadrules_engine_match_keys(engine, &lead, (uint8_t *)keys, size, &size, lengths, 8, &count),
                 LEADRULES_STATUS_OK);
    CHECK(size == sizeof EXPECTED && count == 4);
    CHECK(memcmp(keys, EXPECTED, sizeof EXPECTED) == 0);
    CHECK(lengths[0] == strlen("same-email:janedoe@gmail.com") && lengths[3] == strlen("same-phone:+919900011111"));
    /* Walked as NUL-terminated strings. */
    const char *key = keys;
    for (size_t i = 0; i < count; i++) key += strlen(key) + 1;
    CHECK(key == keys + size);

    /* One byte short: nothing written to the buffer, the sizes told. */
    memset(keys, 'x', size);
    size_t short_size = 0, short_count = 0;
    CHECK_STATUS(leadrules_engine_match_keys(engine, &lead, (uint8_t *)keys, sizeof EXPECTED - 1, &short_size, NULL,
                                             0, &short_count),
                 LEADRULES_STATUS_BUFFER_TOO_SMALL);
    CHECK(short_size == sizeof EXPECTED && short_count == 4 && keys[0] == 'x' && keys[size - 1] == 'x');
    /* Too few lengths is short too. */
    CHECK_STATUS(leadrules_engine_match_keys(engine, &lead, (uint8_t *)keys, size, &short_size, lengths, 3,
                                             &short_count),
                 LEADRULES_STATUS_BUFFER_TOO_SMALL);
    CHECK(keys[0] == 'x');
    free(keys);

    /* A lead with nothing to match: no keys, size 0, OK with no buffer. */
    leadrules_match_lead empty;
    memset(&empty, 0, sizeof empty);
    empty.name = (const uint8_t *)"!!!";
    empty.name_len = 3;
    CHECK_STATUS(leadrules_engine_match_keys(engine, &empty, NULL, 0, &size, NULL, 0, &count), LEADRULES_STATUS_OK);
    CHECK(size == 0 && count == 0);
}

static void test_misuse(const leadrules_engine *engine) {
    leadrules_text mobiles[101];
    for (size_t i = 0; i < 101; i++) mobiles[i] = text("+91 99000 11111");
    leadrules_match_lead lead = jane(mobiles, 1);
    char keys[256];
    size_t size = 7, count = 7, lengths[4];

    CHECK_STATUS(leadrules_engine_match_keys(NULL, &lead, (uint8_t *)keys, sizeof keys, &size, NULL, 0, &count),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_match_keys(engine, NULL, (uint8_t *)keys, sizeof keys, &size, NULL, 0, &count),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_match_keys(engine, &lead, (uint8_t *)keys, sizeof keys, NULL, NULL, 0, &count),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_match_keys(engine, &lead, (uint8_t *)keys, sizeof keys, &size, NULL, 0, NULL),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_match_keys(engine, &lead, NULL, 10, &size, NULL, 0, &count),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_match_keys(engine, &lead, (uint8_t *)keys, sizeof keys, &size, NULL, 3, &count),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(size == 7 && count == 7);

    /* Text that is not UTF-8, and a NULL text in a list, named in C. */
    leadrules_match_lead bad = lead;
    bad.company = (const uint8_t *)"Acme \xff";
    bad.company_len = 6;
    CHECK_STATUS(leadrules_engine_match_keys(engine, &bad, (uint8_t *)keys, sizeof keys, &size, NULL, 0, &count),
                 LEADRULES_STATUS_INVALID_UTF8);
    CHECK(strstr(leadrules_last_error_message(), "lead.company") != NULL);
    leadrules_text holes[2];
    holes[0] = text("a@b.co");
    holes[1].text = NULL;
    holes[1].len = 0;
    bad = lead;
    bad.emails = holes;
    bad.email_count = 2;
    CHECK_STATUS(leadrules_engine_match_keys(engine, &bad, (uint8_t *)keys, sizeof keys, &size, NULL, 0, &count),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(strstr(leadrules_last_error_message(), "lead.emails[1].text") != NULL);
    bad = lead;
    bad.mobiles = NULL;
    bad.mobile_count = 2;
    CHECK_STATUS(leadrules_engine_match_keys(engine, &bad, (uint8_t *)keys, sizeof keys, &size, NULL, 0, &count),
                 LEADRULES_STATUS_NULL_ARGUMENT);

    /* More than 100 values: the protocol's error at its path. */
    bad = lead;
    bad.mobile_count = 101;
    CHECK_STATUS(leadrules_engine_match_keys(engine, &bad, (uint8_t *)keys, sizeof keys, &size, NULL, 0, &count),
                 LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(strcmp(leadrules_last_error_path(), "lead.mobiles") == 0);
    bad.mobile_count = 100;
    CHECK_STATUS(leadrules_engine_match_keys(engine, &bad, (uint8_t *)keys, sizeof keys, &size, lengths, 4, &count),
                 LEADRULES_STATUS_OK);
    CHECK(count == 4);
    CHECK(strcmp(leadrules_status_name(LEADRULES_STATUS_BUFFER_TOO_SMALL), "buffer_too_small") == 0);
}

int main(void) {
    leadrules_engine *engine = NULL;
    CHECK_STATUS(leadrules_engine_new((const uint8_t *)CONFIG, strlen(CONFIG), &engine), LEADRULES_STATUS_OK);
    if (engine == NULL) return 1;
    test_keys(engine);
    test_misuse(engine);
    leadrules_engine_free(engine);
    printf("test_match: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
