/*
 * handover.c: asking leadrules from C.
 *
 * Builds an engine from a config string, asks one handover in JSON and the
 * same handover with the typed API, prints both answers and frees
 * everything. Build (from the repository root, after
 * `cargo build -p leadrules-ffi`):
 *
 *   gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -Iinclude examples/c/handover.c \
 *       -o build/example_handover target/debug/libleadrules.a -lpthread -ldl -lm
 */
#include <stdio.h>
#include <string.h>

#include "leadrules.h"

/* One community: hq with two regions. hq lets leads move along its edges
 * (handover) and between the orgs below it (cross silo). */
static const char CONFIG[] =
    "{\"orgs\": ["
    "  {\"id\": \"hq\", \"handover\": true, \"cross_silo\": true},"
    "  {\"id\": \"north\", \"parent\": \"hq\"},"
    "  {\"id\": \"south\", \"parent\": \"hq\"}"
    "]}";

/* Prints the failed call's error (per thread, valid until the next call). */
static int fail(const char *what) {
    fprintf(stderr, "%s failed: %s\n", what, leadrules_last_error_json());
    return 1;
}

int main(void) {
    printf("leadrules %s (ABI %u)\n", leadrules_version(), (unsigned)leadrules_abi_version());

    /* 1. Build the engine once; it is immutable and may be shared by threads. */
    leadrules_engine *engine = NULL;
    if (leadrules_engine_new((const uint8_t *)CONFIG, strlen(CONFIG), &engine) != LEADRULES_STATUS_OK) {
        return fail("leadrules_engine_new");
    }

    /* 2. The JSON entry point: the same protocol as in Rust and Python. A
     * denial is a normal answer: read "allowed" and "reasons". */
    const char *request =
        "{\"kind\": \"handover\","
        " \"actor\": {\"id\": \"u1\", \"org\": \"north\", \"role\": \"professional\"},"
        " \"lead\": {\"id\": \"L1\", \"org\": \"north\", \"owner\": \"u1\"},"
        " \"to\": \"hq\"}";
    char *response = NULL;
    size_t response_len = 0;
    if (leadrules_engine_decide(engine, (const uint8_t *)request, strlen(request), &response,
                                &response_len) != LEADRULES_STATUS_OK) {
        leadrules_engine_free(engine);
        return fail("leadrules_engine_decide");
    }
    printf("JSON:  %s\n", response);
    leadrules_string_free(response); /* the response belongs to the caller */

    /* 3. The typed API: resolve ids once, then ask without JSON. This time a
     * basic user of south asks to hand north's lead to south. */
    uint32_t north = 0, south = 0, basic = 0;
    if (leadrules_engine_org(engine, (const uint8_t *)"north", 5, &north) != LEADRULES_STATUS_OK ||
        leadrules_engine_org(engine, (const uint8_t *)"south", 5, &south) != LEADRULES_STATUS_OK ||
        leadrules_engine_role(engine, (const uint8_t *)"basic", 5, &basic) != LEADRULES_STATUS_OK) {
        leadrules_engine_free(engine);
        return fail("lookup");
    }
    leadrules_actor actor = {(const uint8_t *)"b7", 2, south, basic};
    leadrules_held_lead lead = {(const uint8_t *)"L2", 2, north, NULL, 0}; /* unowned */
    leadrules_transfer_verdict verdict;
    if (leadrules_engine_check_transfer(engine, LEADRULES_ROUTE_HANDOVER, &actor, &lead, south, &verdict) !=
        LEADRULES_STATUS_OK) {
        leadrules_engine_free(engine);
        return fail("leadrules_engine_check_transfer");
    }
    printf("typed: allowed=%s route=%u\n", verdict.allowed ? "true" : "false", (unsigned)verdict.route);
    for (uint32_t i = 0; i < verdict.reason_count; i++) {
        const char *org = verdict.reason_orgs[i] == LEADRULES_NO_ORG
                              ? "-"
                              : leadrules_engine_org_name(engine, verdict.reason_orgs[i]);
        printf("  reason %s (org %s)\n", leadrules_denial_code_name(verdict.reasons[i]), org);
    }

    /* 4. One free per new. */
    leadrules_engine_free(engine);
    return 0;
}
