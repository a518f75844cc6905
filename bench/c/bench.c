/*
 * bench.c: the cost of one decision from C (the targets of
 * BENCHMARKS.md#against-the-targets: a typed call <= 150 ns, the JSON entry
 * <= 2.5 us).
 *
 * Times leadrules_engine_check_transfer and leadrules_engine_check_edit
 * (typed: integer handles, no JSON) and leadrules_engine_decide (JSON text
 * in, JSON text out, the response freed each time, as a host must), each
 * for an allowed and a denied request. Method: every case is checked to
 * get the answer it is built for, warmed up, then timed REPEATS times over
 * N calls with CLOCK_MONOTONIC; the median of the repeats is printed, in
 * nanoseconds per call. With prepared facts: the handover check with a
 * prepared actor and lead, and leadrules_engine_actions_many over a page
 * of 50 partner_lead leads (6 actions each), timed per page. Built by
 * `make bench` (from the repository root):
 *
 *   cargo build --release -p leadrules-ffi
 *   gcc -O2 -std=c11 -Wall -Wextra -Werror -Iinclude bench/c/bench.c \
 *       -o build/bench_c target/release/libleadrules.a -lpthread -ldl -lm
 */
#define _POSIX_C_SOURCE 200809L

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "leadrules.h"

#define REPEATS 11
#define TYPED_CALLS 1000000
#define JSON_CALLS 20000
#define PAGE_LEADS 50
#define PAGE_CALLS 20000

/* The directory of core/benches/common/mod.rs. */
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

static leadrules_engine *engine;
static volatile unsigned sink;

typedef struct typed_case {
    const char *name;
    bool expect_allowed;
    bool edit; /* check_edit instead of check_transfer */
    uint32_t route;
    leadrules_actor actor;
    leadrules_held_lead lead;
    leadrules_edited_lead edited;
    uint32_t to;
} typed_case;

typedef struct json_case {
    const char *name;
    bool expect_allowed;
    const char *request;
} json_case;

static const json_case JSON_CASES[] = {
    {"handover allowed", true,
     "{\"kind\": \"handover\", \"actor\": {\"id\": \"u1\", \"org\": \"north\", \"role\": \"professional\"}, "
     "\"lead\": {\"id\": \"L1\", \"org\": \"north\", \"owner\": \"u1\"}, \"to\": \"hq\"}"},
    {"handover denied", false,
     "{\"kind\": \"handover\", \"actor\": {\"id\": \"u1\", \"org\": \"north\", \"role\": \"professional\"}, "
     "\"lead\": {\"id\": \"L1\", \"org\": \"north\", \"owner\": \"u1\"}, \"to\": \"south\"}"},
    {"cross_silo allowed", true,
     "{\"kind\": \"cross_silo\", \"actor\": {\"id\": \"u1\", \"org\": \"north\", \"role\": \"professional\"}, "
     "\"lead\": {\"id\": \"L1\", \"org\": \"north\", \"owner\": \"u1\"}, \"to\": \"south\"}"},
    {"cross_silo denied", false,
     "{\"kind\": \"cross_silo\", \"actor\": {\"id\": \"u1\", \"org\": \"north\", \"role\": \"professional\"}, "
     "\"lead\": {\"id\": \"L1\", \"org\": \"north\", \"owner\": \"u1\"}, \"to\": \"hq\"}"},
    {"edit allowed", true,
     "{\"kind\": \"edit\", \"actor\": {\"id\": \"u1\", \"org\": \"north\", \"role\": \"professional\"}, "
     "\"lead\": {\"id\": \"L1\", \"org\": \"north\", \"owner\": \"u1\", \"creator\": \"b1\", "
     "\"handed_over_to_sales\": false}}"},
    {"edit denied", false,
     "{\"kind\": \"edit\", \"actor\": {\"id\": \"u2\", \"org\": \"south\", \"role\": \"professional\"}, "
     "\"lead\": {\"id\": \"L1\", \"org\": \"north\", \"owner\": \"u1\", \"creator\": \"b1\", "
     "\"handed_over_to_sales\": false}}"},
    {"transition partner_lead.accept allowed", true,
     "{\"kind\": \"transition\", \"workflow\": \"partner_lead\", \"action\": \"accept\", "
     "\"now\": \"2026-11-23T09:30:00Z\", \"actor\": {\"id\": \"p7\", \"org\": \"acme\", \"role\": \"manager\"}, "
     "\"lead\": {\"id\": \"L9\", \"stage\": \"pending\", \"partner\": \"acme\", \"source\": \"vendor\", "
     "\"created_at\": \"2026-11-20T09:00:00Z\"}}"},
    {"transition partner_lead.accept denied", false,
     "{\"kind\": \"transition\", \"workflow\": \"partner_lead\", \"action\": \"accept\", "
     "\"now\": \"2026-11-27T09:00:00Z\", \"actor\": {\"id\": \"p7\", \"org\": \"acme\", \"role\": \"manager\"}, "
     "\"lead\": {\"id\": \"L9\", \"stage\": \"pending\", \"partner\": \"acme\", \"source\": \"vendor\", "
     "\"created_at\": \"2026-11-20T09:00:00Z\"}}"},
};

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One call of a typed case; returns the verdict's `allowed`, or -1 on error. */
static int typed_once(const typed_case *c) {
    if (c->edit) {
        leadrules_verdict v;
        if (leadrules_engine_check_edit(engine, &c->actor, &c->edited, &v) != LEADRULES_STATUS_OK) return -1;
        return v.allowed;
    }
    leadrules_transfer_verdict v;
    if (leadrules_engine_check_transfer(engine, c->route, &c->actor, &c->lead, c->to, &v) != LEADRULES_STATUS_OK)
        return -1;
    return v.allowed;
}

/* One call of a JSON case; returns whether the response says allowed, or -1. */
static int json_once(const json_case *c, size_t len, bool read) {
    char *response = NULL;
    size_t response_len = 0;
    if (leadrules_engine_decide(engine, (const uint8_t *)c->request, len, &response, &response_len) !=
        LEADRULES_STATUS_OK)
        return -1;
    /* The answer's own key comes first (a denial's alternative has one too). */
    int allowed = read ? strncmp(response, "{\"allowed\":true", 15) == 0 : (int)(response_len & 1);
    leadrules_string_free(response);
    return allowed;
}

static double median_typed(const typed_case *c) {
    double samples[REPEATS];
    for (int i = 0; i < TYPED_CALLS / 10; i++) sink += (unsigned)typed_once(c); /* warm-up */
    for (int r = 0; r < REPEATS; r++) {
        double start = now_ns();
        for (int i = 0; i < TYPED_CALLS; i++) sink += (unsigned)typed_once(c);
        samples[r] = (now_ns() - start) / TYPED_CALLS;
    }
    qsort(samples, REPEATS, sizeof samples[0], compare);
    return samples[REPEATS / 2];
}

static double median_json(const json_case *c) {
    double samples[REPEATS];
    size_t len = strlen(c->request);
    for (int i = 0; i < JSON_CALLS / 10; i++) sink += (unsigned)json_once(c, len, false); /* warm-up */
    for (int r = 0; r < REPEATS; r++) {
        double start = now_ns();
        for (int i = 0; i < JSON_CALLS; i++) sink += (unsigned)json_once(c, len, false);
        samples[r] = (now_ns() - start) / JSON_CALLS;
    }
    qsort(samples, REPEATS, sizeof samples[0], compare);
    return samples[REPEATS / 2];
}

/* The median ns of `calls` calls of `once`, which returns the answer. */
static double median_of(int (*once)(void), int calls) {
    double samples[REPEATS];
    for (int i = 0; i < calls / 10; i++) sink += (unsigned)once(); /* warm-up */
    for (int r = 0; r < REPEATS; r++) {
        double start = now_ns();
        for (int i = 0; i < calls; i++) sink += (unsigned)once();
        samples[r] = (now_ns() - start) / calls;
    }
    qsort(samples, REPEATS, sizeof samples[0], compare);
    return samples[REPEATS / 2];
}

static leadrules_prepared_actor *prepared_pro, *prepared_partner;
static leadrules_prepared_lead *prepared_lead;
static leadrules_prepared_workflow_lead *page[PAGE_LEADS];
static uint32_t prepared_to;
static uint64_t page_words[PAGE_LEADS];

static int prepared_handover_once(void) {
    leadrules_transfer_verdict v;
    if (leadrules_engine_check_transfer_prepared(engine, LEADRULES_ROUTE_HANDOVER, prepared_pro, prepared_lead,
                                                 prepared_to, &v) != LEADRULES_STATUS_OK)
        return -1;
    return v.allowed;
}

/* 2026-11-23T09:30:00Z: the partner may accept a pending lead of 2026-11-20. */
#define PAGE_NOW 1763890200LL

static int actions_many_once(void) {
    size_t words = 0;
    if (leadrules_engine_actions_many(engine, prepared_partner, (const leadrules_prepared_workflow_lead *const *)page,
                                      PAGE_LEADS, PAGE_NOW, page_words, PAGE_LEADS, &words) != LEADRULES_STATUS_OK)
        return -1;
    return (int)(page_words[0] & 1);
}

/* Prepares the facts of the prepared rows; 0 when one fails. */
static int prepare(uint32_t north, uint32_t hq) {
    const leadrules_actor_in pro = {(const uint8_t *)"u1", 2, (const uint8_t *)"north", 5,
                                    (const uint8_t *)"professional", 12};
    const leadrules_actor_in partner = {(const uint8_t *)"p7", 2, (const uint8_t *)"acme", 4,
                                        (const uint8_t *)"manager", 7};
    const leadrules_edited_lead lead = {(const uint8_t *)"L1", 2, north, (const uint8_t *)"u1", 2, NULL, 0, false};
    prepared_pro = leadrules_engine_prepare_actor(engine, &pro);
    prepared_partner = leadrules_engine_prepare_actor(engine, &partner);
    prepared_lead = leadrules_engine_prepare_lead(engine, &lead);
    prepared_to = hq;
    static char ids[PAGE_LEADS][8];
    for (int i = 0; i < PAGE_LEADS; i++) {
        snprintf(ids[i], sizeof ids[i], "L%d", i);
        const char *stage = i % 3 == 2 ? "accepted" : "pending";
        leadrules_workflow_lead_in in = {0};
        in.id = (const uint8_t *)ids[i];
        in.id_len = strlen(ids[i]);
        in.stage = (const uint8_t *)stage;
        in.stage_len = strlen(stage);
        in.partner = (const uint8_t *)"acme";
        in.partner_len = 4;
        in.source = (const uint8_t *)"vendor";
        in.source_len = 6;
        in.created_at = 1763629200LL;
        in.expires_at = in.reassigned_at = LEADRULES_NO_TIME;
        in.accepted_at = i % 3 == 2 ? 1763715600LL : LEADRULES_NO_TIME;
        page[i] = leadrules_engine_prepare_workflow_lead(engine, (const uint8_t *)"partner_lead", 12, &in);
        if (page[i] == NULL) return 0;
    }
    return prepared_pro != NULL && prepared_partner != NULL && prepared_lead != NULL;
}

static void release_prepared(void) {
    for (int i = 0; i < PAGE_LEADS; i++) leadrules_prepared_workflow_lead_free(page[i]);
    leadrules_prepared_lead_free(prepared_lead);
    leadrules_prepared_actor_free(prepared_partner);
    leadrules_prepared_actor_free(prepared_pro);
}

static void print_machine(void) {
    char model[256] = "unknown";
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f) {
        char line[512];
        while (fgets(line, sizeof line, f)) {
            if (strncmp(line, "model name", 10) == 0) {
                const char *colon = strchr(line, ':');
                if (colon) {
                    snprintf(model, sizeof model, "%s", colon + 2);
                    model[strcspn(model, "\n")] = '\0';
                }
                break;
            }
        }
        fclose(f);
    }
    printf("machine: %s, %ld cores; leadrules %s (static, release); gcc -O2\n", model,
           sysconf(_SC_NPROCESSORS_ONLN), leadrules_version());
    printf("method: warm-up, then the median of %d repeats of %d (typed) / %d (JSON) calls\n\n", REPEATS,
           TYPED_CALLS, JSON_CALLS);
}

static uint32_t org(const char *id) {
    uint32_t out = 0;
    if (leadrules_engine_org(engine, (const uint8_t *)id, strlen(id), &out) != LEADRULES_STATUS_OK) {
        fprintf(stderr, "unknown org %s\n", id);
        exit(1);
    }
    return out;
}

static uint32_t role(const char *name) {
    uint32_t out = 0;
    if (leadrules_engine_role(engine, (const uint8_t *)name, strlen(name), &out) != LEADRULES_STATUS_OK) {
        fprintf(stderr, "unknown role %s\n", name);
        exit(1);
    }
    return out;
}

int main(void) {
    if (leadrules_engine_new((const uint8_t *)CONFIG, strlen(CONFIG), &engine) != LEADRULES_STATUS_OK) {
        fprintf(stderr, "leadrules_engine_new: %s\n", leadrules_last_error_json());
        return 1;
    }
    print_machine();
    uint32_t hq = org("hq"), north = org("north"), south = org("south"), pro = role("professional");
    const leadrules_actor u1 = {(const uint8_t *)"u1", 2, north, pro};
    const leadrules_actor u2 = {(const uint8_t *)"u2", 2, south, pro};
    const leadrules_held_lead lead = {(const uint8_t *)"L1", 2, north, (const uint8_t *)"u1", 2};
    const leadrules_edited_lead edited = {
        (const uint8_t *)"L1", 2, north, (const uint8_t *)"u1", 2, (const uint8_t *)"b1", 2, false};
    const typed_case typed[] = {
        {"check_transfer handover allowed", true, false, LEADRULES_ROUTE_HANDOVER, u1, lead, edited, hq},
        {"check_transfer handover denied", false, false, LEADRULES_ROUTE_HANDOVER, u1, lead, edited, south},
        {"check_transfer cross_silo allowed", true, false, LEADRULES_ROUTE_CROSS_SILO, u1, lead, edited, south},
        {"check_transfer cross_silo denied", false, false, LEADRULES_ROUTE_CROSS_SILO, u1, lead, edited, hq},
        {"check_edit allowed", true, true, 0, u1, lead, edited, 0},
        {"check_edit denied", false, true, 0, u2, lead, edited, 0},
    };
    int status = 0;
    printf("| call | ns per call |\n| --- | --- |\n");
    for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
        if (typed_once(&typed[i]) != (int)typed[i].expect_allowed) {
            fprintf(stderr, "%s: unexpected answer (%s)\n", typed[i].name, leadrules_last_error_json());
            status = 1;
            continue;
        }
        printf("| typed %s | %.1f |\n", typed[i].name, median_typed(&typed[i]));
        fflush(stdout);
    }
    for (size_t i = 0; i < sizeof JSON_CASES / sizeof JSON_CASES[0]; i++) {
        const json_case *c = &JSON_CASES[i];
        if (json_once(c, strlen(c->request), true) != (int)c->expect_allowed) {
            fprintf(stderr, "%s: unexpected answer (%s)\n", c->name, leadrules_last_error_json());
            status = 1;
            continue;
        }
        printf("| JSON decide %s | %.1f |\n", c->name, median_json(c));
        fflush(stdout);
    }
    if (!prepare(north, hq) || prepared_handover_once() != 1 || actions_many_once() != 1) {
        fprintf(stderr, "prepared facts: unexpected answer (%s)\n", leadrules_last_error_json());
        status = 1;
    } else {
        printf("| prepared check_transfer handover allowed | %.1f |\n", median_of(prepared_handover_once, TYPED_CALLS));
        printf("| actions_many, a page of %d partner_lead leads (per page) | %.1f |\n", PAGE_LEADS,
               median_of(actions_many_once, PAGE_CALLS));
    }
    release_prepared();
    leadrules_engine_free(engine);
    return status;
}
