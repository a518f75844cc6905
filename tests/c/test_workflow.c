/* A workflow's stages from C: each stage's name, code and flags written
 * into a caller-owned array, the count asked first, a short array filled
 * as far as it goes, and every misuse answered with a status. Compiled
 * -std=c11 -Wall -Wextra -Wpedantic -Werror. */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "leadrules.h"

#include "check.h"

#define S(text) (const uint8_t *)(text), strlen(text)

/* A custom workflow beside the built-in ones: an archived stage, a
 * terminal one, both expiry periods. */
static const char CONFIG[] =
    "{\"policy\": {\"workflows\": {\"referral\": {"
    "\"stages\": [{\"id\": \"new\", \"initial\": true, \"expiry\": \"pending\"},"
    " {\"id\": \"working\", \"expiry\": \"accepted\"},"
    " {\"id\": \"parked\", \"archived\": true},"
    " {\"id\": \"won\", \"terminal\": true}],"
    "\"actions\": [{\"id\": \"take\", \"from\": [\"new\"], \"to\": \"working\","
    " \"who\": {\"capability\": \"assign\"},"
    " \"effects\": [{\"kind\": \"record\", \"field\": \"accepted_at\", \"from\": \"now\"}]},"
    " {\"id\": \"park\", \"from\": [\"new\", \"working\"], \"to\": \"parked\", \"who\": {\"capability\": \"assign\"}},"
    " {\"id\": \"win\", \"from\": [\"working\", \"parked\"], \"to\": \"won\", \"who\": {\"capability\": \"assign\"}}]"
    "}}}}";

static int named(const leadrules_stage *stage, const char *name) {
    return stage->name_len == strlen(name) && memcmp(stage->name, name, stage->name_len) == 0;
}

static void test_stages(const leadrules_engine *engine) {
    leadrules_stage stages[8];
    size_t count = 99;
    CHECK_STATUS(leadrules_engine_workflow_stages(engine, S("referral"), stages, 8, &count), LEADRULES_STATUS_OK);
    CHECK(count == 4);
    CHECK(named(&stages[0], "new") && stages[0].initial && !stages[0].terminal && !stages[0].archived);
    CHECK(stages[0].expiry == LEADRULES_EXPIRY_PENDING);
    CHECK(named(&stages[1], "working") && !stages[1].initial && stages[1].expiry == LEADRULES_EXPIRY_ACCEPTED);
    CHECK(named(&stages[2], "parked") && stages[2].archived && stages[2].expiry == LEADRULES_EXPIRY_NONE);
    CHECK(named(&stages[3], "won") && stages[3].terminal && stages[3].expiry == LEADRULES_EXPIRY_NONE);

    /* Each code is the one the column sweep takes. */
    for (size_t i = 0; i < count; i++) {
        uint32_t code = UINT32_MAX;
        CHECK_STATUS(leadrules_engine_stage_code(engine, S("referral"), stages[i].name, stages[i].name_len, &code),
                     LEADRULES_STATUS_OK);
        CHECK(code == stages[i].code && code == (uint32_t)i);
    }

    /* The built-in partner_lead: the stages a host sweeps are the timed ones. */
    CHECK_STATUS(leadrules_engine_workflow_stages(engine, S("partner_lead"), stages, 8, &count), LEADRULES_STATUS_OK);
    size_t timed = 0;
    for (size_t i = 0; i < count && i < 8; i++) {
        if (stages[i].expiry != LEADRULES_EXPIRY_NONE) {
            timed++;
        }
    }
    CHECK(timed == 2);
    CHECK(named(&stages[0], "pending") && stages[0].initial);
}

static void test_capacity(const leadrules_engine *engine) {
    /* The count alone. */
    size_t count = 99;
    CHECK_STATUS(leadrules_engine_workflow_stages(engine, S("referral"), NULL, 0, &count), LEADRULES_STATUS_OK);
    CHECK(count == 4);

    /* A short array is filled as far as it goes; the count says how many
     * there are, and the entry after the room is untouched. */
    leadrules_stage stages[3];
    memset(stages, 0, sizeof stages);
    stages[2].code = 77;
    count = 0;
    CHECK_STATUS(leadrules_engine_workflow_stages(engine, S("referral"), stages, 2, &count), LEADRULES_STATUS_OK);
    CHECK(count == 4);
    CHECK(named(&stages[0], "new") && named(&stages[1], "working"));
    CHECK(stages[2].code == 77 && stages[2].name == NULL);
}

static void test_errors(const leadrules_engine *engine) {
    leadrules_stage stages[2];
    size_t count = 99;
    CHECK_STATUS(leadrules_engine_workflow_stages(engine, S("nope"), stages, 2, &count),
                 LEADRULES_STATUS_UNKNOWN_WORKFLOW);
    CHECK(strcmp(leadrules_last_error_path(), "workflow") == 0);
    CHECK(strcmp(leadrules_last_error_message(), "unknown workflow `nope`") == 0);
    CHECK(count == 99);

    CHECK_STATUS(leadrules_engine_workflow_stages(NULL, S("referral"), stages, 2, &count),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_workflow_stages(engine, NULL, 8, stages, 2, &count), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_workflow_stages(engine, S("referral"), stages, 2, NULL),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(strcmp(leadrules_last_error_message(), "`count_out` must not be NULL") == 0);
    CHECK_STATUS(leadrules_engine_workflow_stages(engine, S("referral"), NULL, 2, &count),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_workflow_stages(engine, (const uint8_t *)"\xff", 1, stages, 2, &count),
                 LEADRULES_STATUS_INVALID_UTF8);
    CHECK(count == 99);
}

int main(void) {
    leadrules_engine *engine = NULL;
    CHECK_STATUS(leadrules_engine_new(S(CONFIG), &engine), LEADRULES_STATUS_OK);
    if (engine == NULL) {
        fprintf(stderr, "the config does not load: %s\n", leadrules_last_error_json());
        return 1;
    }
    test_stages(engine);
    test_capacity(engine);
    test_errors(engine);
    leadrules_engine_free(engine);
    printf("test_workflow: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
