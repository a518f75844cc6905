/*
 * handover.c: asking leadrules from C.
 *
 * Builds an engine from a config string, asks one handover in JSON and
 * another with the typed API, prints both answers, checks them, and frees
 * everything. Exits non-zero if the loaded library's ABI is not the
 * header's or an answer is not the documented one (`make test` runs it
 * against the build tree and, in `make install-test`, against an installed
 * copy). Build from the repository root, after `cargo build -p leadrules-ffi`:
 *
 *   gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -Iinclude examples/c/handover.c \
 *       -o build/example_handover target/debug/libleadrules.a -lpthread -ldl -lm
 *
 * or against an installed leadrules with pkg-config (examples/c/installed/)
 * or CMake (examples/c/cmake/).
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

/* Counts an answer that is not the expected one. */
static int mismatches = 0;
static void expect(int ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "unexpected answer: %s\n", what);
        mismatches++;
    }
}

int main(void) {
    /* 0. A program built against one ABI must not run on another (the
     * SONAME already stops the loader; this also covers static links and
     * dlopen). The version strings may differ within one ABI. */
    printf("leadrules %s (ABI %u), header %s (ABI %u)\n", leadrules_version(),
           (unsigned)leadrules_abi_version(), LEADRULES_VERSION, (unsigned)LEADRULES_ABI_VERSION);
    if (leadrules_abi_version() != LEADRULES_ABI_VERSION) {
        fprintf(stderr, "the loaded leadrules has another ABI than leadrules.h\n");
        return 1;
    }

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
    expect(strncmp(response, "{\"allowed\":true,", 16) == 0, "u1 may hand L1 from north to hq");
    expect(response_len == strlen(response), "response_len is the response's length");
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
        /* Both names are the library's: the org id is borrowed from the
         * engine, the code name is static; neither is freed. */
        const char *org = verdict.reason_orgs[i] == LEADRULES_NO_ORG
                              ? "-"
                              : leadrules_engine_org_name(engine, verdict.reason_orgs[i]);
        printf("  reason %s (org %s)\n", leadrules_denial_code_name(verdict.reasons[i]), org);
    }
    /* Every failed check, in the documented order: no sales licence, not in
     * north, not the owner, and north and south are siblings, so the pair
     * needs cross silo, not handover. */
    static const uint32_t expected[] = {
        LEADRULES_DENIAL_SALES_LICENCE_REQUIRED, LEADRULES_DENIAL_NOT_IN_LEAD_ORG,
        LEADRULES_DENIAL_NOT_LEAD_OWNER, LEADRULES_DENIAL_CROSS_SILO_REQUIRED};
    const uint32_t expected_count = sizeof expected / sizeof expected[0];
    expect(!verdict.allowed, "b7 may not hand L2 to south");
    expect(verdict.route == LEADRULES_ROUTE_CROSS_SILO, "north -> south is a cross-silo pair");
    expect(verdict.reason_count == expected_count, "four reasons");
    for (uint32_t i = 0; i < verdict.reason_count && i < expected_count; i++) {
        expect(verdict.reasons[i] == expected[i], "the reasons in the documented order");
    }

    /* 4. One free per new. */
    leadrules_engine_free(engine);
    return mismatches == 0 ? 0 : 1;
}
