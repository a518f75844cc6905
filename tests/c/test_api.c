/*
 * test_api.c: the C API of leadrules, checked from real C.
 *
 * Covers versions, engine construction (defaults, good and bad configs,
 * invalid UTF-8), NULL arguments everywhere, the JSON entry point (allowed,
 * denied, errors and the per-thread last error), the typed lookups and
 * transfer check, the name functions, workflows through the JSON entry point
 * (partner_lead transitions, unknown_template), the engine's warnings, and
 * one engine shared by 4 threads.
 *
 * Prints one line per failed check and ends with "N passed, M failed";
 * exits non-zero on any failure. Build: see the Makefile target c-test.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadrules.h"

#include "check.h"

static int streq(const char *a, const char *b) {
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static int contains(const char *haystack, const char *needle) {
    return haystack != NULL && needle != NULL && strstr(haystack, needle) != NULL;
}

/* Orgs: hq(0) -> north(1), south(2); north -> n1(3); other(4) alone.
 * hq allows handover and cross silo; north allows neither. */
static const char CONFIG[] =
    "{\"orgs\": ["
    "{\"id\": \"hq\", \"parent\": null, \"handover\": true, \"cross_silo\": true},"
    "{\"id\": \"north\", \"parent\": \"hq\"},"
    "{\"id\": \"south\", \"parent\": \"hq\"},"
    "{\"id\": \"n1\", \"parent\": \"north\"},"
    "{\"id\": \"other\"}"
    "]}";

enum { HQ = 0, NORTH = 1, SOUTH = 2, N1 = 3, OTHER = 4 };

static const char HANDOVER_OK[] =
    "{\"kind\": \"handover\", \"actor\": {\"id\": \"u1\", \"org\": \"north\", \"role\": \"professional\"},"
    " \"lead\": {\"id\": \"L1\", \"org\": \"north\", \"owner\": \"u1\"}, \"to\": \"hq\"}";
static const char HANDOVER_DENIED[] =
    "{\"kind\": \"handover\", \"actor\": {\"id\": \"b1\", \"org\": \"south\", \"role\": \"basic\"},"
    " \"lead\": {\"id\": \"L2\", \"org\": \"north\", \"owner\": \"u9\"}, \"to\": \"south\"}";
static const char HANDOVER_UNKNOWN_TO[] =
    "{\"kind\": \"handover\", \"actor\": {\"id\": \"u1\", \"org\": \"north\", \"role\": \"professional\"},"
    " \"lead\": {\"id\": \"L1\", \"org\": \"north\", \"owner\": \"u1\"}, \"to\": \"mars\"}";

static leadrules_engine *new_engine(const char *config) {
    leadrules_engine *engine = NULL;
    leadrules_status status =
        leadrules_engine_new((const uint8_t *)config, strlen(config), &engine);
    if (status != LEADRULES_STATUS_OK) {
        fprintf(stderr, "engine_new failed: %s\n", leadrules_last_error_json());
        exit(2);
    }
    return engine;
}

static leadrules_status decide(const leadrules_engine *engine, const char *request, char **response,
                               size_t *len) {
    return leadrules_engine_decide(engine, (const uint8_t *)request, strlen(request), response, len);
}

static uint32_t org_of(const leadrules_engine *engine, const char *id) {
    uint32_t org = UINT32_MAX;
    CHECK_STATUS(leadrules_engine_org(engine, (const uint8_t *)id, strlen(id), &org), LEADRULES_STATUS_OK);
    return org;
}

static uint32_t role_of(const leadrules_engine *engine, const char *name) {
    uint32_t role = UINT32_MAX;
    CHECK_STATUS(leadrules_engine_role(engine, (const uint8_t *)name, strlen(name), &role),
                 LEADRULES_STATUS_OK);
    return role;
}

static leadrules_actor actor(const char *id, uint32_t org, uint32_t role) {
    leadrules_actor a;
    a.id = (const uint8_t *)id;
    a.id_len = strlen(id);
    a.org = org;
    a.role = role;
    return a;
}

static leadrules_held_lead lead(const char *id, uint32_t org, const char *owner) {
    leadrules_held_lead l;
    l.id = (const uint8_t *)id;
    l.id_len = strlen(id);
    l.org = org;
    l.owner = (const uint8_t *)owner;
    l.owner_len = owner == NULL ? 0 : strlen(owner);
    return l;
}

static void test_versions(void) {
    CHECK(streq(LEADRULES_VERSION, leadrules_version()));
    CHECK(leadrules_abi_version() == LEADRULES_ABI_VERSION);
    CHECK(LEADRULES_ABI_VERSION == 1);
}

static void test_engine_new(void) {
    leadrules_engine *engine = NULL;

    /* NULL, 0: the built-in defaults, an empty directory. */
    CHECK_STATUS(leadrules_engine_new(NULL, 0, &engine), LEADRULES_STATUS_OK);
    CHECK(engine != NULL);
    CHECK(leadrules_last_error_status() == LEADRULES_STATUS_OK);
    CHECK(streq(leadrules_last_error_json(), ""));
    uint32_t role = UINT32_MAX;
    CHECK_STATUS(leadrules_engine_role(engine, (const uint8_t *)"manager", 7, &role), LEADRULES_STATUS_OK);
    CHECK(leadrules_engine_org_name(engine, 0) == NULL);
    char *response = NULL;
    CHECK_STATUS(decide(engine, HANDOVER_OK, &response, NULL), LEADRULES_STATUS_UNKNOWN_ORG);
    CHECK(response == NULL);
    leadrules_engine_free(engine);

    /* A good config. */
    engine = NULL;
    CHECK_STATUS(leadrules_engine_new((const uint8_t *)CONFIG, strlen(CONFIG), &engine), LEADRULES_STATUS_OK);
    CHECK(engine != NULL);
    CHECK(streq(leadrules_engine_org_name(engine, NORTH), "north"));
    leadrules_engine_free(engine);

    /* A config that does not validate: out-param untouched, every problem listed. */
    static const char bad[] = "{\"orgs\": [{\"id\": \"a\"}, {\"id\": \"b\", \"parent\": \"zz\"}]}";
    leadrules_engine *sentinel = (leadrules_engine *)&passed;
    engine = sentinel;
    CHECK_STATUS(leadrules_engine_new((const uint8_t *)bad, strlen(bad), &engine),
                 LEADRULES_STATUS_INVALID_CONFIG);
    CHECK(engine == sentinel);
    CHECK(leadrules_last_error_status() == LEADRULES_STATUS_INVALID_CONFIG);
    CHECK(streq(leadrules_last_error_path(), "orgs[1].parent"));
    CHECK(contains(leadrules_last_error_message(), "zz"));
    CHECK(contains(leadrules_last_error_json(), "\"code\":\"invalid_config\""));
    CHECK(contains(leadrules_last_error_json(), "\"problems\":[{\"path\":\"orgs[1].parent\""));

    /* Text that is not JSON, and an empty (non-NULL) text, are config errors too. */
    CHECK_STATUS(leadrules_engine_new((const uint8_t *)"nope", 4, &engine), LEADRULES_STATUS_INVALID_CONFIG);
    CHECK(streq(leadrules_last_error_path(), ""));
    CHECK_STATUS(leadrules_engine_new((const uint8_t *)"", 0, &engine), LEADRULES_STATUS_INVALID_CONFIG);
    CHECK(engine == sentinel);

    /* Bytes that are not UTF-8. */
    static const char not_utf8[] = "{\"orgs\": [{\"id\": \"\xff\"}]}";
    CHECK_STATUS(leadrules_engine_new((const uint8_t *)not_utf8, strlen(not_utf8), &engine),
                 LEADRULES_STATUS_INVALID_UTF8);
    CHECK(engine == sentinel);
    CHECK(contains(leadrules_last_error_message(), "config"));
    CHECK(streq(leadrules_last_error_path(), ""));
    CHECK(contains(leadrules_last_error_json(), "\"code\":\"invalid_utf8\""));

    /* A success clears the last error. */
    engine = NULL;
    CHECK_STATUS(leadrules_engine_new(NULL, 0, &engine), LEADRULES_STATUS_OK);
    CHECK(leadrules_last_error_status() == LEADRULES_STATUS_OK);
    CHECK(streq(leadrules_last_error_message(), ""));
    CHECK(streq(leadrules_last_error_path(), ""));
    CHECK(streq(leadrules_last_error_json(), ""));
    leadrules_engine_free(engine);
}

static void test_null_arguments(const leadrules_engine *engine) {
    leadrules_engine *out = NULL;
    char *response = NULL;
    size_t len = 0;
    uint32_t index = 0;
    leadrules_transfer_verdict verdict;
    leadrules_actor a = actor("u1", NORTH, 0);
    leadrules_held_lead l = lead("L1", NORTH, "u1");

    CHECK_STATUS(leadrules_engine_new(NULL, 5, &out), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(contains(leadrules_last_error_message(), "config"));
    CHECK(contains(leadrules_last_error_json(), "\"code\":\"null_argument\""));
    CHECK(out == NULL);
    CHECK_STATUS(leadrules_engine_new(NULL, 0, NULL), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_new((const uint8_t *)CONFIG, strlen(CONFIG), NULL),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(contains(leadrules_last_error_message(), "engine_out"));

    CHECK_STATUS(decide(NULL, HANDOVER_OK, &response, &len), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(contains(leadrules_last_error_message(), "engine"));
    CHECK_STATUS(leadrules_engine_decide(engine, NULL, 0, &response, &len), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(contains(leadrules_last_error_message(), "request"));
    CHECK_STATUS(decide(engine, HANDOVER_OK, NULL, &len), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(response == NULL && len == 0);

    CHECK_STATUS(leadrules_engine_org(NULL, (const uint8_t *)"hq", 2, &index), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_org(engine, NULL, 0, &index), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_org(engine, (const uint8_t *)"hq", 2, NULL), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_role(NULL, (const uint8_t *)"basic", 5, &index),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_role(engine, NULL, 3, &index), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_role(engine, (const uint8_t *)"basic", 5, NULL),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(index == 0);
    CHECK(leadrules_engine_org_name(NULL, 0) == NULL);

    CHECK_STATUS(leadrules_engine_check_transfer(NULL, LEADRULES_ROUTE_HANDOVER, &a, &l, HQ, &verdict),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, NULL, &l, HQ, &verdict),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(contains(leadrules_last_error_message(), "actor"));
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &a, NULL, HQ, &verdict),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(contains(leadrules_last_error_message(), "lead"));
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &a, &l, HQ, NULL),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(contains(leadrules_last_error_message(), "verdict_out"));
    a.id = NULL;
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &a, &l, HQ, &verdict),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(contains(leadrules_last_error_message(), "actor.id"));
    a = actor("u1", NORTH, 0);
    l.id = NULL;
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &a, &l, HQ, &verdict),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(contains(leadrules_last_error_message(), "lead.id"));
    l = lead("L1", NORTH, NULL);
    l.owner_len = 3; /* NULL owner with a length: not "unowned" */
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &a, &l, HQ, &verdict),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(contains(leadrules_last_error_message(), "lead.owner"));

    /* Empty and blank ids are refused as the JSON entry refuses them: the
     * same code, path and message (tests/c/typed_conformance.c compares
     * the envelopes over the vectors). */
    leadrules_actor nameless = a;
    nameless.id_len = 0;
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &nameless, &l, HQ, &verdict),
                 LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(streq(leadrules_last_error_path(), "actor.id"));
    CHECK(streq(leadrules_last_error_message(), "`id` must not be empty or blank"));
    nameless.id = (const uint8_t *)" \t";
    nameless.id_len = 2;
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &nameless, &l, HQ, &verdict),
                 LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(streq(leadrules_last_error_path(), "actor.id"));
    leadrules_held_lead empty_owner = lead("L1", NORTH, "u1");
    empty_owner.owner_len = 0;
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &a, &empty_owner, HQ, &verdict),
                 LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(streq(leadrules_last_error_json(),
                "{\"error\":{\"code\":\"invalid_request\",\"message\":\"`owner` must not be empty or blank\","
                "\"path\":\"lead.owner\"}}"));

    /* Frees of NULL are no-ops (and must not crash). */
    leadrules_engine_free(NULL);
    leadrules_string_free(NULL);
}

static void test_decide(const leadrules_engine *engine) {
    char *response = NULL;
    size_t len = 0;

    CHECK_STATUS(decide(engine, HANDOVER_OK, &response, &len), LEADRULES_STATUS_OK);
    CHECK(response != NULL && len == strlen(response));
    CHECK(contains(response, "\"allowed\":true"));
    CHECK(contains(response, "\"route\":\"handover\""));
    CHECK(contains(response, "\"kind\":\"transfer\""));
    leadrules_string_free(response);

    /* response_len_out may be NULL. A denial is a success. */
    response = NULL;
    CHECK_STATUS(decide(engine, HANDOVER_DENIED, &response, NULL), LEADRULES_STATUS_OK);
    CHECK(contains(response, "\"allowed\":false"));
    const char *r1 = strstr(response, "\"code\":\"sales_licence_required\"");
    const char *r2 = strstr(response, "\"code\":\"not_in_lead_org\"");
    const char *r3 = strstr(response, "\"code\":\"not_lead_owner\"");
    const char *r4 = strstr(response, "\"code\":\"cross_silo_required\"");
    CHECK(r1 != NULL && r2 != NULL && r3 != NULL && r4 != NULL && r1 < r2 && r2 < r3 && r3 < r4);
    CHECK(contains(response, "\"effects\":[]"));
    leadrules_string_free(response);

    /* A request error: mapped status, path, envelope; nothing written. */
    char *sentinel = (char *)&passed;
    response = sentinel;
    len = 12345;
    CHECK_STATUS(decide(engine, HANDOVER_UNKNOWN_TO, &response, &len), LEADRULES_STATUS_UNKNOWN_ORG);
    CHECK(response == sentinel && len == 12345);
    CHECK(leadrules_last_error_status() == LEADRULES_STATUS_UNKNOWN_ORG);
    CHECK(streq(leadrules_last_error_path(), "to"));
    CHECK(contains(leadrules_last_error_message(), "mars"));
    CHECK(contains(leadrules_last_error_json(), "\"code\":\"unknown_org\""));
    CHECK(contains(leadrules_last_error_json(), "\"path\":\"to\""));
    CHECK(!contains(leadrules_last_error_json(), "problems"));

    CHECK_STATUS(decide(engine, "{\"kind\": \"handover\",", &response, &len), LEADRULES_STATUS_INVALID_JSON);
    CHECK_STATUS(decide(engine, "[]", &response, &len), LEADRULES_STATUS_INVALID_REQUEST);
    CHECK_STATUS(decide(engine, "{\"kind\": \"teleport\"}", &response, &len), LEADRULES_STATUS_UNKNOWN_KIND);
    CHECK(streq(leadrules_last_error_path(), "kind"));
    CHECK_STATUS(decide(engine,
                        "{\"kind\": \"targets\", \"actor\": {\"id\": \"u\", \"org\": \"hq\", \"role\": \"wizard\"}}",
                        &response, &len),
                 LEADRULES_STATUS_UNKNOWN_ROLE);
    CHECK(streq(leadrules_last_error_path(), "actor.role"));
    static const char not_utf8[] = "{\"kind\": \"\xc3\x28\"}";
    CHECK_STATUS(decide(engine, not_utf8, &response, &len), LEADRULES_STATUS_INVALID_UTF8);
    CHECK(contains(leadrules_last_error_message(), "request"));
    CHECK(response == sentinel && len == 12345);

    /* The request is ptr + len: no terminator is read. */
    response = NULL;
    char buffer[sizeof HANDOVER_OK + 8];
    memcpy(buffer, HANDOVER_OK, strlen(HANDOVER_OK));
    memcpy(buffer + strlen(HANDOVER_OK), "garbage!", 8);
    CHECK_STATUS(leadrules_engine_decide(engine, (const uint8_t *)buffer, strlen(HANDOVER_OK), &response, NULL),
                 LEADRULES_STATUS_OK);
    CHECK(leadrules_last_error_status() == LEADRULES_STATUS_OK);
    CHECK(streq(leadrules_last_error_json(), ""));
    leadrules_string_free(response);

    /* NUL bytes in ids and messages neither crash nor truncate. */
    static const char nul_config[] = "{\"orgs\": [{\"id\": \"a\\u0000b\"}]}";
    leadrules_engine *nul = new_engine(nul_config);
    CHECK(streq(leadrules_engine_org_name(nul, 0), "a\xef\xbf\xbd" "b"));
    static const char nul_request[] =
        "{\"kind\": \"handover\", \"actor\": {\"id\": \"u\", \"org\": \"x\\u0000y\", \"role\": \"manager\"}}";
    CHECK_STATUS(decide(nul, nul_request, &response, &len), LEADRULES_STATUS_UNKNOWN_ORG);
    CHECK(contains(leadrules_last_error_message(), "x\xef\xbf\xbdy"));
    CHECK(contains(leadrules_last_error_json(), "x\\u0000y"));
    CHECK(streq(leadrules_last_error_path(), "actor.org"));
    leadrules_engine_free(nul);
}

static void test_lookups(const leadrules_engine *engine) {
    CHECK(org_of(engine, "hq") == HQ);
    CHECK(org_of(engine, "north") == NORTH);
    CHECK(org_of(engine, "other") == OTHER);
    CHECK(streq(leadrules_engine_org_name(engine, HQ), "hq"));
    CHECK(streq(leadrules_engine_org_name(engine, N1), "n1"));
    CHECK(leadrules_engine_org_name(engine, 5) == NULL);
    CHECK(leadrules_engine_org_name(engine, UINT32_MAX) == NULL);

    uint32_t index = 777;
    CHECK_STATUS(leadrules_engine_org(engine, (const uint8_t *)"mars", 4, &index), LEADRULES_STATUS_UNKNOWN_ORG);
    CHECK(index == 777);
    CHECK(contains(leadrules_last_error_message(), "mars"));
    CHECK(contains(leadrules_last_error_json(), "\"code\":\"unknown_org\""));
    CHECK_STATUS(leadrules_engine_org(engine, (const uint8_t *)"hq", 0, &index), LEADRULES_STATUS_UNKNOWN_ORG);
    CHECK_STATUS(leadrules_engine_org(engine, (const uint8_t *)"h\xff", 2, &index), LEADRULES_STATUS_INVALID_UTF8);
    CHECK(index == 777);

    uint32_t basic = role_of(engine, "basic");
    uint32_t professional = role_of(engine, "professional");
    CHECK(basic != professional);
    CHECK_STATUS(leadrules_engine_role(engine, (const uint8_t *)"wizard", 6, &index),
                 LEADRULES_STATUS_UNKNOWN_ROLE);
    CHECK(contains(leadrules_last_error_message(), "wizard"));
    CHECK(index == 777);
}

static void test_check_transfer(const leadrules_engine *engine) {
    uint32_t basic = role_of(engine, "basic");
    uint32_t professional = role_of(engine, "professional");
    uint32_t manager = role_of(engine, "manager");
    leadrules_transfer_verdict verdict;

    /* Allowed: a professional owner hands north's lead up to hq. */
    leadrules_actor a = actor("u1", NORTH, professional);
    leadrules_held_lead l = lead("L1", NORTH, "u1");
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &a, &l, HQ, &verdict),
                 LEADRULES_STATUS_OK);
    CHECK(verdict.allowed);
    CHECK(verdict.route == LEADRULES_ROUTE_HANDOVER);
    CHECK(verdict.reason_count == 0);

    /* Denied four ways, in the documented order, with the orgs they name. */
    a = actor("b1", SOUTH, basic);
    l = lead("L2", NORTH, "u9");
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &a, &l, SOUTH, &verdict),
                 LEADRULES_STATUS_OK);
    CHECK(!verdict.allowed);
    CHECK(verdict.route == LEADRULES_ROUTE_CROSS_SILO);
    CHECK(verdict.reason_count == 4);
    CHECK(verdict.reasons[0] == LEADRULES_DENIAL_SALES_LICENCE_REQUIRED);
    CHECK(verdict.reasons[1] == LEADRULES_DENIAL_NOT_IN_LEAD_ORG);
    CHECK(verdict.reasons[2] == LEADRULES_DENIAL_NOT_LEAD_OWNER);
    CHECK(verdict.reasons[3] == LEADRULES_DENIAL_CROSS_SILO_REQUIRED);
    CHECK(verdict.reason_orgs[0] == LEADRULES_NO_ORG);
    CHECK(verdict.reason_orgs[1] == NORTH);
    CHECK(verdict.reason_orgs[2] == LEADRULES_NO_ORG);
    CHECK(verdict.reason_orgs[3] == SOUTH);

    /* The same question in JSON names the same codes in the same order. */
    char *response = NULL;
    CHECK_STATUS(decide(engine, HANDOVER_DENIED, &response, NULL), LEADRULES_STATUS_OK);
    const char *at = response;
    for (uint32_t i = 0; i < verdict.reason_count && at != NULL; i++) {
        char code[64];
        snprintf(code, sizeof code, "\"code\":\"%s\"", leadrules_denial_code_name(verdict.reasons[i]));
        at = strstr(at, code);
    }
    CHECK(at != NULL);
    leadrules_string_free(response);

    /* An unowned lead (owner NULL); the org whose setting is off is named. */
    a = actor("u2", N1, professional);
    l = lead("L3", N1, NULL);
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &a, &l, NORTH, &verdict),
                 LEADRULES_STATUS_OK);
    CHECK(!verdict.allowed && verdict.reason_count == 2);
    CHECK(verdict.reasons[0] == LEADRULES_DENIAL_NOT_LEAD_OWNER);
    CHECK(verdict.reasons[1] == LEADRULES_DENIAL_HANDOVER_DISABLED);
    CHECK(verdict.reason_orgs[1] == NORTH);

    /* Cross silo: allowed between siblings below hq, wrong along an edge,
     * no route to another community. */
    a = actor("m1", NORTH, manager);
    l = lead("L4", NORTH, NULL);
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_CROSS_SILO, &a, &l, SOUTH, &verdict),
                 LEADRULES_STATUS_OK);
    CHECK(verdict.allowed && verdict.route == LEADRULES_ROUTE_CROSS_SILO);
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_CROSS_SILO, &a, &l, HQ, &verdict),
                 LEADRULES_STATUS_OK);
    CHECK(!verdict.allowed && verdict.route == LEADRULES_ROUTE_HANDOVER && verdict.reason_count == 1);
    CHECK(verdict.reasons[0] == LEADRULES_DENIAL_HANDOVER_REQUIRED && verdict.reason_orgs[0] == HQ);
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &a, &l, OTHER, &verdict),
                 LEADRULES_STATUS_OK);
    CHECK(!verdict.allowed && verdict.route == LEADRULES_ROUTE_NONE);
    CHECK(verdict.reasons[0] == LEADRULES_DENIAL_OUTSIDE_COMMUNITY && verdict.reason_orgs[0] == OTHER);
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &a, &l, NORTH, &verdict),
                 LEADRULES_STATUS_OK);
    CHECK(verdict.route == LEADRULES_ROUTE_NONE && verdict.reasons[0] == LEADRULES_DENIAL_SAME_ORG);

    /* Invalid parameters: nothing written. */
    leadrules_transfer_verdict untouched;
    memset(&untouched, 0xab, sizeof untouched);
    leadrules_transfer_verdict before = untouched;
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_NONE, &a, &l, HQ, &untouched),
                 LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK(contains(leadrules_last_error_message(), "route"));
    CHECK(contains(leadrules_last_error_json(), "\"code\":\"invalid_parameter\""));
    CHECK_STATUS(leadrules_engine_check_transfer(engine, 3, &a, &l, HQ, &untouched),
                 LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &a, &l, 5, &untouched),
                 LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK(contains(leadrules_last_error_message(), "to"));
    a.org = 99;
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &a, &l, HQ, &untouched),
                 LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK(contains(leadrules_last_error_message(), "actor.org"));
    a.org = NORTH;
    a.role = 99;
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &a, &l, HQ, &untouched),
                 LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK(contains(leadrules_last_error_message(), "actor.role"));
    a.role = manager;
    l.org = UINT32_MAX;
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &a, &l, HQ, &untouched),
                 LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK(contains(leadrules_last_error_message(), "lead.org"));
    l.org = NORTH;
    a.id = (const uint8_t *)"\xc3";
    a.id_len = 1;
    CHECK_STATUS(leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &a, &l, HQ, &untouched),
                 LEADRULES_STATUS_INVALID_UTF8);
    CHECK(contains(leadrules_last_error_message(), "actor.id"));
    CHECK(memcmp(&untouched, &before, sizeof before) == 0);
}

static leadrules_edited_lead edited(const char *id, uint32_t org, const char *owner, const char *creator,
                                    bool handed_over) {
    leadrules_edited_lead l;
    l.id = (const uint8_t *)id;
    l.id_len = strlen(id);
    l.org = org;
    l.owner = (const uint8_t *)owner;
    l.owner_len = owner ? strlen(owner) : 0;
    l.creator = (const uint8_t *)creator;
    l.creator_len = creator ? strlen(creator) : 0;
    l.handed_over_to_sales = handed_over;
    return l;
}

static void test_check_edit(const leadrules_engine *engine) {
    uint32_t basic = role_of(engine, "basic");
    uint32_t professional = role_of(engine, "professional");
    uint32_t manager = role_of(engine, "manager");
    leadrules_verdict verdict;

    /* The owner may edit. */
    leadrules_actor a = actor("u1", NORTH, professional);
    leadrules_edited_lead l = edited("L1", NORTH, "u1", NULL, false);
    CHECK_STATUS(leadrules_engine_check_edit(engine, &a, &l, &verdict), LEADRULES_STATUS_OK);
    CHECK(verdict.allowed && verdict.reason_count == 0);

    /* A basic creator after handover to sales is locked, whatever the owner says. */
    a = actor("b1", NORTH, basic);
    l = edited("L2", NORTH, "b1", "b1", true);
    CHECK_STATUS(leadrules_engine_check_edit(engine, &a, &l, &verdict), LEADRULES_STATUS_OK);
    CHECK(!verdict.allowed && verdict.reason_count == 1);
    CHECK(verdict.reasons[0] == LEADRULES_DENIAL_LOCKED_AFTER_HANDOVER);

    /* The org's manager may edit it; a professional of another org may not, twice over. */
    a = actor("m1", NORTH, manager);
    CHECK_STATUS(leadrules_engine_check_edit(engine, &a, &l, &verdict), LEADRULES_STATUS_OK);
    CHECK(verdict.allowed);
    a = actor("p2", SOUTH, professional);
    CHECK_STATUS(leadrules_engine_check_edit(engine, &a, &l, &verdict), LEADRULES_STATUS_OK);
    CHECK(!verdict.allowed && verdict.reason_count == 2);
    CHECK(verdict.reasons[0] == LEADRULES_DENIAL_NOT_IN_LEAD_ORG && verdict.reason_orgs[0] == NORTH);
    CHECK(verdict.reasons[1] == LEADRULES_DENIAL_NOT_LEAD_OWNER && verdict.reason_orgs[1] == LEADRULES_NO_ORG);

    /* Misuse is a status, never a crash. */
    CHECK_STATUS(leadrules_engine_check_edit(engine, &a, NULL, &verdict), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_check_edit(engine, &a, &l, NULL), LEADRULES_STATUS_NULL_ARGUMENT);
    l.creator_len = 0; /* non-NULL and empty */
    CHECK_STATUS(leadrules_engine_check_edit(engine, &a, &l, &verdict), LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(streq(leadrules_last_error_path(), "lead.creator"));
    l = edited("L2", 999, NULL, NULL, false);
    CHECK_STATUS(leadrules_engine_check_edit(engine, &a, &l, &verdict), LEADRULES_STATUS_INVALID_PARAMETER);
}

static void test_names(void) {
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_OK), "ok"));
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_NULL_ARGUMENT), "null_argument"));
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_INVALID_UTF8), "invalid_utf8"));
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_INVALID_PARAMETER), "invalid_parameter"));
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_PANIC), "panic"));
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_INVALID_JSON), "invalid_json"));
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_INVALID_REQUEST), "invalid_request"));
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_UNKNOWN_KIND), "unknown_kind"));
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_UNKNOWN_ORG), "unknown_org"));
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_UNKNOWN_ROLE), "unknown_role"));
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_UNKNOWN_WORKFLOW), "unknown_workflow"));
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_UNKNOWN_STAGE), "unknown_stage"));
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_INVALID_TIMESTAMP), "invalid_timestamp"));
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_UNKNOWN_ERROR), "unknown_error"));
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_INVALID_CONFIG), "invalid_config"));
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_UNKNOWN_ACTION), "unknown_action"));
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_UNKNOWN_TEMPLATE), "unknown_template"));
    CHECK(LEADRULES_STATUS_UNKNOWN_STAGE == 207 && LEADRULES_STATUS_UNKNOWN_TEMPLATE == 208 &&
          LEADRULES_STATUS_INVALID_TIMESTAMP == 209);
    CHECK(streq(leadrules_status_name(LEADRULES_STATUS_INVALID_DURATION), "invalid_duration") &&
          LEADRULES_STATUS_INVALID_DURATION == 210);
    CHECK(streq(leadrules_status_name(250), "unrecognized_status"));
    CHECK(streq(leadrules_status_name(UINT32_MAX), "unrecognized_status"));
    CHECK(LEADRULES_STATUS_OK == 0 && LEADRULES_STATUS_NULL_ARGUMENT == 100 &&
          LEADRULES_STATUS_PANIC == 199 && LEADRULES_STATUS_UNKNOWN_ORG == 203 &&
          LEADRULES_STATUS_UNKNOWN_ERROR == 299 && LEADRULES_STATUS_INVALID_CONFIG == 300);

    static const char *const denials[] = {
        NULL, "sales_licence_required", "not_in_lead_org", "not_lead_owner", "same_org", "outside_community",
        "cross_silo_required", "handover_required", "handover_disabled", "cross_silo_disabled",
        "stage_not_permitted", "sub_stage_not_permitted", "assign_not_permitted", "assignee_outside_org",
        "locked_after_handover", "capability_required", "link_not_permitted", "same_lead",
        "different_project", "primary_not_wip", "secondary_not_wip", "owner_not_party",
        "illegal_transition", "missing_field", "invalid_field", "not_partner_user",
        "sourcing_company_cannot_act", "not_sourcing_user", "system_only", "not_yet_due", "lead_expired",
        "no_rule_matched", "no_eligible_member", "inactive", "away", "off_shift", "at_capacity",
        "not_licensed", "member_outside_org", "zero_weight", "not_accepted", "assignee_not_licensed",
        "same_owner",
    };
    CHECK(sizeof denials / sizeof denials[0] == LEADRULES_DENIAL_SAME_OWNER + 1);
    for (uint32_t code = 1; code <= LEADRULES_DENIAL_SAME_OWNER; code++) {
        CHECK(streq(leadrules_denial_code_name(code), denials[code]));
    }
    /* Published numbers never move: the workflow codes follow invalid_field. */
    CHECK(LEADRULES_DENIAL_INVALID_FIELD == 24 && LEADRULES_DENIAL_NOT_PARTNER_USER == 25 &&
          LEADRULES_DENIAL_SOURCING_COMPANY_CANNOT_ACT == 26 && LEADRULES_DENIAL_NOT_SOURCING_USER == 27 &&
          LEADRULES_DENIAL_SYSTEM_ONLY == 28 && LEADRULES_DENIAL_NOT_YET_DUE == 29 &&
          LEADRULES_DENIAL_LEAD_EXPIRED == 30);
    CHECK(leadrules_denial_code_name(0) == NULL);
    /* The assignment codes follow lead_expired. */
    CHECK(LEADRULES_DENIAL_NO_RULE_MATCHED == 31 && LEADRULES_DENIAL_NOT_ACCEPTED == 40 &&
          LEADRULES_DENIAL_SAME_OWNER == 42);
    CHECK(leadrules_denial_code_name(43) == NULL);
    CHECK(leadrules_denial_code_name(UINT32_MAX) == NULL);
}

/* partner_lead through the JSON entry point: the lead was created on
 * 2026-11-20 at 09:00 UTC (7-day pending period) by the vendor for acme. */
#define PARTNER_LEAD(stage, extra)                                                                 \
    "\"lead\": {\"id\": \"L9\", \"stage\": \"" stage "\", \"partner\": \"acme\", \"source\": \"vendor\"," \
    " \"created_at\": \"2026-11-20T09:00:00Z\"" extra "}"
#define PARTNER_USER "\"actor\": {\"id\": \"p7\", \"org\": \"acme\", \"role\": \"manager\"}"
#define VENDOR_USER "\"actor\": {\"id\": \"v1\", \"org\": \"vendor\", \"role\": \"manager\"}"
#define SYSTEM_ACTOR "\"actor\": {\"id\": \"scheduler\", \"org\": \"vendor\", \"role\": \"system\"}"

static const char PARTNER_ACCEPT[] =
    "{\"kind\": \"transition\", \"workflow\": \"partner_lead\", \"action\": \"accept\","
    " \"now\": \"2026-11-23T09:30:00Z\", " PARTNER_USER ", " PARTNER_LEAD("pending", "") "}";
static const char PARTNER_ACCEPT_BY_VENDOR[] =
    "{\"kind\": \"transition\", \"workflow\": \"partner_lead\", \"action\": \"accept\","
    " \"now\": \"2026-11-23T09:30:00Z\", " VENDOR_USER ", " PARTNER_LEAD("pending", "") "}";
static const char PARTNER_ACCEPT_LATE[] =
    "{\"kind\": \"transition\", \"workflow\": \"partner_lead\", \"action\": \"accept\","
    " \"now\": \"2026-11-27T09:00:00Z\", " PARTNER_USER ", " PARTNER_LEAD("pending", "") "}";
static const char PARTNER_DECLINE[] =
    "{\"kind\": \"transition\", \"workflow\": \"partner_lead\", \"action\": \"decline\","
    " \"now\": \"2026-11-23T09:30:00Z\", " PARTNER_USER ", " PARTNER_LEAD("pending", "") ","
    " \"fields\": {\"reason\": \"out of territory\"}}";
static const char PARTNER_DECLINE_BLANK[] =
    "{\"kind\": \"transition\", \"workflow\": \"partner_lead\", \"action\": \"decline\","
    " \"now\": \"2026-11-23T09:30:00Z\", " PARTNER_USER ", " PARTNER_LEAD("pending", "") ","
    " \"fields\": {\"reason\": \"  \"}}";
static const char PARTNER_EXPIRE_EARLY[] =
    "{\"kind\": \"transition\", \"workflow\": \"partner_lead\", \"action\": \"expire\","
    " \"now\": \"2026-11-27T08:59:59Z\", " SYSTEM_ACTOR ", " PARTNER_LEAD("pending", "") "}";
static const char PARTNER_EXPIRE_DUE[] =
    "{\"kind\": \"transition\", \"workflow\": \"partner_lead\", \"action\": \"expire\","
    " \"now\": \"2026-11-27T09:00:00Z\", " SYSTEM_ACTOR ", " PARTNER_LEAD("pending", "") "}";
static const char PARTNER_REASSIGN_BY_PARTNER[] =
    "{\"kind\": \"transition\", \"workflow\": \"partner_lead\", \"action\": \"reassign\","
    " \"now\": \"2026-11-23T09:30:00Z\", " PARTNER_USER ", " PARTNER_LEAD("declined", "") ","
    " \"fields\": {\"partner\": \"beta\"}}";
static const char PARTNER_UNKNOWN_TEMPLATE[] =
    "{\"kind\": \"transition\", \"workflow\": \"partner_lead\", \"action\": \"accept\","
    " \"now\": \"2026-11-23T09:30:00Z\", " PARTNER_USER ", " PARTNER_LEAD("pending", ", \"template\": \"emea\"") "}";
static const char PARTNER_ACTIONS_FOR_VENDOR[] =
    "{\"kind\": \"actions\", \"workflow\": \"partner_lead\", \"now\": \"2026-11-23T09:30:00Z\", " VENDOR_USER
    ", " PARTNER_LEAD("pending", "") "}";

/* The response to `request`, which must succeed; the caller frees it. */
static char *answer(const leadrules_engine *engine, const char *request) {
    char *response = NULL;
    size_t len = 0;
    CHECK_STATUS(decide(engine, request, &response, &len), LEADRULES_STATUS_OK);
    CHECK(response == NULL || len == strlen(response));
    return response;
}

static void test_partner_lead(const leadrules_engine *engine) {
    /* A partner user accepts in time: stage, expiry reset, acceptance time recorded. */
    char *response = answer(engine, PARTNER_ACCEPT);
    CHECK(contains(response, "\"allowed\":true"));
    CHECK(contains(response, "\"from\":\"pending\""));
    CHECK(contains(response, "\"to\":\"accepted\""));
    CHECK(contains(response, "{\"kind\":\"set_stage\",\"lead\":\"L9\",\"stage\":\"accepted\""));
    CHECK(contains(response, "\"kind\":\"set_expiry\""));
    CHECK(contains(response, "\"field\":\"accepted_at\",\"value\":\"2026-11-23T09:30:00Z\""));
    leadrules_string_free(response);

    /* The sourcing company cannot act as the partner; this is the only reason. */
    response = answer(engine, PARTNER_ACCEPT_BY_VENDOR);
    CHECK(contains(response, "\"allowed\":false"));
    CHECK(contains(response, "\"code\":\"sourcing_company_cannot_act\""));
    CHECK(!contains(response, "not_partner_user"));
    CHECK(contains(response, "\"effects\":[]"));
    leadrules_string_free(response);

    /* Due at created_at + 7 days exactly: too late to accept. */
    response = answer(engine, PARTNER_ACCEPT_LATE);
    CHECK(contains(response, "\"allowed\":false"));
    CHECK(contains(response, "\"code\":\"lead_expired\""));
    leadrules_string_free(response);

    /* Decline needs a reason; it archives the lead and records why. */
    response = answer(engine, PARTNER_DECLINE);
    CHECK(contains(response, "\"allowed\":true"));
    CHECK(contains(response, "\"to\":\"declined\""));
    CHECK(contains(response, "{\"kind\":\"archive\",\"lead\":\"L9\"}"));
    CHECK(contains(response, "\"field\":\"decline_reason\",\"value\":\"out of territory\""));
    leadrules_string_free(response);
    response = answer(engine, PARTNER_DECLINE_BLANK);
    CHECK(contains(response, "\"code\":\"missing_field\""));
    CHECK(contains(response, "\"field\":\"reason\""));
    leadrules_string_free(response);

    /* The system expires the lead from the deadline on, not one second before. */
    response = answer(engine, PARTNER_EXPIRE_EARLY);
    CHECK(contains(response, "\"allowed\":false"));
    CHECK(contains(response, "\"code\":\"not_yet_due\""));
    leadrules_string_free(response);
    response = answer(engine, PARTNER_EXPIRE_DUE);
    CHECK(contains(response, "\"allowed\":true"));
    CHECK(contains(response, "\"to\":\"expired\""));
    leadrules_string_free(response);

    /* Only the sourcing company reassigns. */
    response = answer(engine, PARTNER_REASSIGN_BY_PARTNER);
    CHECK(contains(response, "\"allowed\":false"));
    CHECK(contains(response, "\"code\":\"not_sourcing_user\""));
    leadrules_string_free(response);

    /* The vendor's buttons: reassign only. */
    response = answer(engine, PARTNER_ACTIONS_FOR_VENDOR);
    CHECK(contains(response, "{\"action\":\"reassign\",\"allowed\":true"));
    CHECK(contains(response, "{\"action\":\"accept\",\"allowed\":false"));
    CHECK(contains(response, "{\"action\":\"decline\",\"allowed\":false"));
    leadrules_string_free(response);

    /* A template the policy does not define is an error, not a denial. */
    char *sentinel = (char *)&passed;
    response = sentinel;
    size_t len = 777;
    CHECK_STATUS(decide(engine, PARTNER_UNKNOWN_TEMPLATE, &response, &len), LEADRULES_STATUS_UNKNOWN_TEMPLATE);
    CHECK(response == sentinel && len == 777);
    CHECK(leadrules_last_error_status() == LEADRULES_STATUS_UNKNOWN_TEMPLATE);
    CHECK(streq(leadrules_last_error_path(), "lead.template"));
    CHECK(contains(leadrules_last_error_message(), "emea"));
    CHECK(contains(leadrules_last_error_json(), "\"code\":\"unknown_template\""));

    /* With the template configured, the same request is answered (5-day period). */
    static const char emea[] = "{\"policy\": {\"templates\": {\"emea\": {\"pending\": \"P5D\"}}}}";
    leadrules_engine *with_template = new_engine(emea);
    response = answer(with_template, PARTNER_UNKNOWN_TEMPLATE);
    CHECK(contains(response, "\"allowed\":true"));
    leadrules_string_free(response);
    response = answer(with_template, PARTNER_ACCEPT_LATE);
    CHECK(contains(response, "\"code\":\"lead_expired\""));
    leadrules_string_free(response);
    leadrules_engine_free(with_template);
}

/* The warnings of `engine` (must succeed); the caller frees the text. */
static char *warnings_of(const leadrules_engine *engine) {
    char *text = NULL;
    size_t len = 0;
    CHECK_STATUS(leadrules_engine_warnings(engine, &text, &len), LEADRULES_STATUS_OK);
    CHECK(text != NULL && len == strlen(text));
    return text;
}

static void test_warnings(void) {
    /* A custom workflow that loads but cannot work: stage `orphan` is
     * reached by no action and left by none, `finish` needs a capability
     * no role grants. */
    static const char suspicious[] =
        "{\"policy\": {\"workflows\": {\"review\": {"
        "\"stages\": [{\"id\": \"open\", \"initial\": true}, {\"id\": \"orphan\"},"
        " {\"id\": \"done\", \"terminal\": true}],"
        "\"actions\": [{\"id\": \"finish\", \"from\": [\"open\"], \"to\": \"done\","
        " \"who\": {\"capability\": \"sign_off\"}}]}}}}";
    leadrules_engine *engine = new_engine(suspicious);
    char *text = warnings_of(engine);
    CHECK(text != NULL && text[0] == '[' && text[strlen(text) - 1] == ']');
    CHECK(contains(text, "{\"path\":\"policy.workflows.review.stages[1]\",\"message\":"));
    CHECK(contains(text, "orphan"));
    CHECK(contains(text, "{\"path\":\"policy.workflows.review.actions[0].who\",\"message\":"));
    CHECK(contains(text, "sign_off"));
    /* Document order: the stage findings come before the action's. */
    const char *stage = strstr(text, "stages[1]");
    const char *action = strstr(text, "actions[0]");
    CHECK(stage != NULL && action != NULL && stage < action);
    /* The text is the caller's: it outlives the engine. */
    leadrules_engine_free(engine);
    CHECK(contains(text, "sign_off"));
    leadrules_string_free(text);

    /* No findings: an empty array (the built-in policy, and a plain config). */
    engine = NULL;
    CHECK_STATUS(leadrules_engine_new(NULL, 0, &engine), LEADRULES_STATUS_OK);
    text = warnings_of(engine);
    CHECK(streq(text, "[]"));
    leadrules_string_free(text);
    char *no_len = NULL;
    CHECK_STATUS(leadrules_engine_warnings(engine, &no_len, NULL), LEADRULES_STATUS_OK);
    CHECK(streq(no_len, "[]"));
    leadrules_string_free(no_len);

    /* NULL engine or out-param: an error status, nothing written. */
    char *sentinel = (char *)&passed;
    text = sentinel;
    size_t len = 99;
    CHECK_STATUS(leadrules_engine_warnings(NULL, &text, &len), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(text == sentinel && len == 99);
    CHECK(contains(leadrules_last_error_message(), "engine"));
    CHECK(contains(leadrules_last_error_json(), "\"code\":\"null_argument\""));
    CHECK_STATUS(leadrules_engine_warnings(engine, NULL, &len), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(contains(leadrules_last_error_message(), "warnings_out"));
    CHECK(len == 99);
    leadrules_engine_free(engine);

    engine = new_engine(CONFIG);
    text = warnings_of(engine);
    CHECK(streq(text, "[]"));
    leadrules_string_free(text);
    leadrules_engine_free(engine);
}

/* One engine, 4 threads: decisions agree and each thread has its own last error. */
#define THREADS 4
#define ROUNDS 500

struct worker {
    const leadrules_engine *engine;
    uint32_t professional;
    int failures;
};

static void *work(void *arg) {
    struct worker *w = arg;
    for (int i = 0; i < ROUNDS; i++) {
        char *response = NULL;
        size_t len = 0;
        if (decide(w->engine, HANDOVER_OK, &response, &len) != LEADRULES_STATUS_OK ||
            !contains(response, "\"allowed\":true") || len != strlen(response)) {
            w->failures++;
        }
        leadrules_string_free(response);
        if (decide(w->engine, HANDOVER_UNKNOWN_TO, &response, &len) != LEADRULES_STATUS_UNKNOWN_ORG ||
            !streq(leadrules_last_error_path(), "to")) {
            w->failures++;
        }
        leadrules_actor a = actor("u1", NORTH, w->professional);
        leadrules_held_lead l = lead("L1", NORTH, "u1");
        leadrules_transfer_verdict verdict;
        if (leadrules_engine_check_transfer(w->engine, LEADRULES_ROUTE_HANDOVER, &a, &l, HQ, &verdict) !=
                LEADRULES_STATUS_OK ||
            !verdict.allowed || leadrules_last_error_status() != LEADRULES_STATUS_OK) {
            w->failures++;
        }
    }
    return NULL;
}

static void test_threads(const leadrules_engine *engine) {
    pthread_t threads[THREADS];
    struct worker workers[THREADS];
    uint32_t professional = role_of(engine, "professional");
    int started = 0;
    for (int i = 0; i < THREADS; i++) {
        workers[i].engine = engine;
        workers[i].professional = professional;
        workers[i].failures = 0;
        if (pthread_create(&threads[i], NULL, work, &workers[i]) != 0) {
            break;
        }
        started++;
    }
    CHECK(started == THREADS);
    for (int i = 0; i < started; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        CHECK(workers[i].failures == 0);
    }
}

int main(void) {
    test_versions();
    test_engine_new();
    leadrules_engine *engine = new_engine(CONFIG);
    test_null_arguments(engine);
    test_decide(engine);
    test_lookups(engine);
    test_check_transfer(engine);
    test_check_edit(engine);
    test_names();
    test_partner_lead(engine);
    test_warnings();
    test_threads(engine);
    leadrules_engine_free(engine);

    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
