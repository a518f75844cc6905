/*
 * driver.c: one C path of bench/instructions.py, called N times.
 *
 *   driver CASE N
 *
 * Sets up everything CASE needs (the engine, its handles, the request
 * text, the sweep's columns, the config text), checks once that the call
 * gets the answer it is built for, then makes the call N times. Run under
 * callgrind with N and with 0, the difference divided by N is the cost of
 * one call (of one lead for `sweep`, of one org for `config`): setup and
 * check are the same in both runs. Built against any revision's header and
 * static library (the C API it uses is unchanged since the typed calls
 * came; the assignment batch only where the header has the typed
 * assignment calls).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadrules.h"

#define SWEEP_ROWS 10000
#define CONFIG_ORGS 100000
#define ASSIGN_RULES 20
#define ASSIGN_MEMBERS 50
#define ASSIGN_BATCH 10000

static const char CONFIG[] =
    "{\"orgs\": ["
    " {\"id\": \"hq\", \"handover\": true, \"cross_silo\": true},"
    " {\"id\": \"north\", \"parent\": \"hq\", \"handover\": true},"
    " {\"id\": \"south\", \"parent\": \"hq\"},"
    " {\"id\": \"north_a\", \"parent\": \"north\"},"
    " {\"id\": \"north_b\", \"parent\": \"north\"},"
    " {\"id\": \"south_a\", \"parent\": \"south\"},"
    " {\"id\": \"acme\"}"
    "]}";

static const char HANDOVER_ALLOWED[] =
    "{\"kind\": \"handover\", \"actor\": {\"id\": \"u1\", \"org\": \"north\", \"role\": \"professional\"}, "
    "\"lead\": {\"id\": \"L1\", \"org\": \"north\", \"owner\": \"u1\"}, \"to\": \"hq\"}";
static const char HANDOVER_DENIED[] =
    "{\"kind\": \"handover\", \"actor\": {\"id\": \"u1\", \"org\": \"north\", \"role\": \"professional\"}, "
    "\"lead\": {\"id\": \"L1\", \"org\": \"north\", \"owner\": \"u1\"}, \"to\": \"south\"}";

static leadrules_engine *engine;
static volatile size_t sink;

static void fail(const char *what) {
    fprintf(stderr, "driver: %s (%s)\n", what, leadrules_last_error_json());
    exit(1);
}

static uint32_t org(const char *id) {
    uint32_t out = 0;
    if (leadrules_engine_org(engine, (const uint8_t *)id, strlen(id), &out) != LEADRULES_STATUS_OK) fail(id);
    return out;
}

static uint32_t role(const char *name) {
    uint32_t out = 0;
    if (leadrules_engine_role(engine, (const uint8_t *)name, strlen(name), &out) != LEADRULES_STATUS_OK)
        fail(name);
    return out;
}

static uint32_t stage(const char *name) {
    uint32_t out = 0;
    if (leadrules_engine_stage_code(engine, (const uint8_t *)"partner_lead", 12, (const uint8_t *)name,
                                    strlen(name), &out) != LEADRULES_STATUS_OK)
        fail(name);
    return out;
}

static void new_engine(const char *config) {
    if (leadrules_engine_new((const uint8_t *)config, strlen(config), &engine) != LEADRULES_STATUS_OK)
        fail("leadrules_engine_new");
}

/* One JSON decision; whether the response says allowed. */
static bool decide(const char *request) {
    char *response = NULL;
    size_t len = 0;
    if (leadrules_engine_decide(engine, (const uint8_t *)request, strlen(request), &response, &len) !=
        LEADRULES_STATUS_OK)
        fail("leadrules_engine_decide");
    /* The answer's own key comes first (an alternative has one too). */
    bool allowed = strncmp(response, "{\"allowed\":true", 15) == 0;
    leadrules_string_free(response);
    return allowed;
}

static int transfer(long n, uint32_t route, const char *to_name, bool expect) {
    new_engine(CONFIG);
    uint32_t north = org("north"), to = org(to_name);
    const leadrules_actor actor = {(const uint8_t *)"u1", 2, north, role("professional")};
    const leadrules_held_lead lead = {(const uint8_t *)"L1", 2, north, (const uint8_t *)"u1", 2};
    leadrules_transfer_verdict v;
    for (long i = -1; i < n; i++) {
        if (leadrules_engine_check_transfer(engine, route, &actor, &lead, to, &v) != LEADRULES_STATUS_OK)
            fail("check_transfer");
        if (i < 0 && v.allowed != expect) fail("check_transfer: unexpected answer");
        sink += v.allowed;
    }
    return 0;
}

static int edit(long n, const char *actor_id, const char *actor_org, bool expect) {
    new_engine(CONFIG);
    uint32_t north = org("north");
    const leadrules_actor actor = {(const uint8_t *)actor_id, strlen(actor_id), org(actor_org), role("professional")};
    const leadrules_edited_lead lead = {
        (const uint8_t *)"L1", 2, north, (const uint8_t *)"u1", 2, (const uint8_t *)"b1", 2, false};
    leadrules_verdict v;
    for (long i = -1; i < n; i++) {
        if (leadrules_engine_check_edit(engine, &actor, &lead, &v) != LEADRULES_STATUS_OK) fail("check_edit");
        if (i < 0 && v.allowed != expect) fail("check_edit: unexpected answer");
        sink += v.allowed;
    }
    return 0;
}

static int json(long n, const char *request, bool expect) {
    new_engine(CONFIG);
    if (decide(request) != expect) fail("decide: unexpected answer");
    for (long i = 0; i < n; i++) sink += decide(request);
    return 0;
}

/* N sweeps of SWEEP_ROWS partner leads (six pending, three accepted, one
 * closed in ten), as bench/sweep.py's columns. */
static int sweep(long n) {
    new_engine("{}");
    const int64_t t0 = 1763629200, absent = INT64_MIN;
    uint32_t codes[3] = {stage("pending"), stage("accepted"), stage("closed_converted")};
    static const int pattern[10] = {0, 0, 0, 0, 0, 0, 1, 1, 1, 2};
    uint32_t *stages = malloc(SWEEP_ROWS * sizeof *stages);
    int64_t *created = malloc(SWEEP_ROWS * sizeof *created);
    int64_t *accepted = malloc(SWEEP_ROWS * sizeof *accepted);
    size_t *due = malloc(SWEEP_ROWS * sizeof *due);
    if (!stages || !created || !accepted || !due) fail("out of memory");
    for (size_t i = 0; i < SWEEP_ROWS; i++) {
        stages[i] = codes[pattern[i % 10]];
        created[i] = t0 + (int64_t)i * 13;
        accepted[i] = pattern[i % 10] == 1 ? created[i] : absent;
    }
    const leadrules_lead_columns columns = {stages, created, NULL, accepted, NULL, NULL, SWEEP_ROWS};
    for (long i = -1; i < n; i++) {
        size_t count = 0;
        int64_t next = 0;
        if (leadrules_engine_sweep_columns(engine, (const uint8_t *)"partner_lead", 12, &columns,
                                           t0 + 8 * 86400, due, &count, &next) != LEADRULES_STATUS_OK)
            fail("sweep_columns");
        if (i < 0 && (count == 0 || count == SWEEP_ROWS)) fail("sweep_columns: unexpected answer");
        sink += count;
    }
    free(stages), free(created), free(accepted), free(due);
    return 0;
}

/* N loads of a config of CONFIG_ORGS orgs, a tree of fan-out ten, every
 * org with handover and cross silo on (core/benches/scale.rs's shape). */
static int config(long n) {
    size_t cap = (size_t)CONFIG_ORGS * 80 + 16, len = 0;
    char *text = malloc(cap);
    if (!text) fail("out of memory");
    len += (size_t)snprintf(text + len, cap - len, "{\"orgs\": [");
    for (size_t i = 0; i < CONFIG_ORGS; i++) {
        const char *sep = i ? ",\n" : "";
        if (i == 0)
            len += (size_t)snprintf(text + len, cap - len,
                                    "%s{\"id\": \"org%zu\", \"handover\": true, \"cross_silo\": true}", sep, i);
        else
            len += (size_t)snprintf(text + len, cap - len,
                                    "%s{\"id\": \"org%zu\", \"parent\": \"org%zu\", \"handover\": true, "
                                    "\"cross_silo\": true}",
                                    sep, i, (i - 1) / 10);
    }
    snprintf(text + len, cap - len, "]}");
    for (long i = 0; i < n; i++) {
        new_engine(text);
        leadrules_engine_free(engine);
    }
    free(text);
    return 0;
}

#ifdef LEADRULES_NO_CAPACITY
/* N typed batches of ASSIGN_BATCH web leads over a pool of ASSIGN_MEMBERS,
 * every member eligible, under 20 rules of which the leads match the last:
 * bench/c/assign.c's batch and core/benches/common/assign.rs's, so that a
 * lead's count compares with the Rust `assign many 10k` path. */
static int assign_many(long n) {
    char text[8192];
    size_t used = (size_t)snprintf(text, sizeof text,
                                   "{\"orgs\": [{\"id\": \"hq\"}, {\"id\": \"north\", \"parent\": \"hq\"}, "
                                   "{\"id\": \"south\", \"parent\": \"hq\"}], \"policy\": {\"assignment\": {\"rules\": [");
    for (int i = 0; i < ASSIGN_RULES - 1; i++)
        used += (size_t)snprintf(text + used, sizeof text - used,
                                 "{\"id\": \"r%d\", \"pools\": [\"p%d\"], \"strategy\": \"round_robin\", \"when\": "
                                 "[{\"field\": \"source\", \"equals\": \"s%d\"}, {\"field\": \"budget\", \"min\": "
                                 "1000}]}, ",
                                 i, i, i);
    snprintf(text + used, sizeof text - used,
             "{\"id\": \"web\", \"pools\": [\"inside\"], \"strategy\": \"round_robin\", \"when\": "
             "[{\"field\": \"source\", \"equals\": \"web\"}]}]}}}");
    new_engine(text);
    uint32_t north = org("north"), pro = role("professional");
    static char member_ids[ASSIGN_MEMBERS][8], lead_ids[ASSIGN_BATCH][8];
    static leadrules_member members[ASSIGN_MEMBERS];
    static leadrules_assign_lead leads[ASSIGN_BATCH];
    static leadrules_assignment answers[ASSIGN_BATCH];
    static leadrules_skipped skipped[ASSIGN_BATCH];
    const leadrules_field fields[3] = {
        {(const uint8_t *)"source", 6, LEADRULES_FIELD_TEXT, (const uint8_t *)"web", 3, 0, false},
        {(const uint8_t *)"budget", 6, LEADRULES_FIELD_NUMBER, NULL, 0, 500.0, false},
        {(const uint8_t *)"country", 7, LEADRULES_FIELD_TEXT, (const uint8_t *)"IN", 2, 0, false},
    };
    for (int i = 0; i < ASSIGN_MEMBERS; i++) {
        int len = snprintf(member_ids[i], sizeof member_ids[i], "u%d", i);
        const leadrules_member m = {(const uint8_t *)member_ids[i], (size_t)len, (const uint8_t *)"north", 5, pro,
                                    true, false, NULL, 0, 0, LEADRULES_NO_CAPACITY, 1, NULL, 0};
        members[i] = m;
    }
    for (int i = 0; i < ASSIGN_BATCH; i++) {
        int len = snprintf(lead_ids[i], sizeof lead_ids[i], "B%d", i);
        const leadrules_assign_lead lead = {(const uint8_t *)lead_ids[i], (size_t)len, north, fields, 3};
        leads[i] = lead;
    }
    const leadrules_pool pools[1] = {{(const uint8_t *)"inside", 6, NULL, 0, members, ASSIGN_MEMBERS}};
    for (long i = -1; i < n; i++) {
        size_t skipped_count = 0;
        uint32_t cursor = 0;
        if (leadrules_engine_assign_many(engine, leads, ASSIGN_BATCH, pools, 1, LEADRULES_NO_TIME, answers,
                                         ASSIGN_BATCH, skipped, ASSIGN_BATCH, &skipped_count, &cursor,
                                         1) != LEADRULES_STATUS_OK)
            fail("assign_many");
        if (i < 0 && (!answers[ASSIGN_BATCH - 1].allowed || skipped_count != 0))
            fail("assign_many: unexpected answer");
        sink += answers[ASSIGN_BATCH - 1].assignee;
    }
    return 0;
}
#endif

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: driver CASE N\n");
        return 2;
    }
    const char *c = argv[1];
    long n = strtol(argv[2], NULL, 10);
    if (!strcmp(c, "check_transfer handover allowed")) return transfer(n, LEADRULES_ROUTE_HANDOVER, "hq", true);
    if (!strcmp(c, "check_transfer handover denied")) return transfer(n, LEADRULES_ROUTE_HANDOVER, "south", false);
    if (!strcmp(c, "check_transfer cross_silo allowed"))
        return transfer(n, LEADRULES_ROUTE_CROSS_SILO, "south", true);
    if (!strcmp(c, "check_edit allowed")) return edit(n, "u1", "north", true);
    if (!strcmp(c, "check_edit denied")) return edit(n, "u2", "south", false);
    if (!strcmp(c, "decide JSON handover allowed")) return json(n, HANDOVER_ALLOWED, true);
    if (!strcmp(c, "decide JSON handover denied")) return json(n, HANDOVER_DENIED, false);
    if (!strcmp(c, "sweep_columns 10k leads")) return sweep(n);
    if (!strcmp(c, "config load 100k orgs")) return config(n);
#ifdef LEADRULES_NO_CAPACITY
    if (!strcmp(c, "assign_many 10k leads")) return assign_many(n);
#endif
    fprintf(stderr, "driver: unknown case %s\n", c);
    return 2;
}
