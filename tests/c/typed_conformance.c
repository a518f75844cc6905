/*
 * typed_conformance.c: asks conformance cases through the typed C calls
 * (leadrules_engine_check_transfer, leadrules_engine_check_edit,
 * leadrules_engine_sweep_columns, and the lookups they take) and through
 * the JSON entry, and prints both answers.
 *
 * Reads records from stdin, each "<decimal byte length>\n<bytes>\n", or
 * "-\n" for an absent value (a NULL pointer). Per case, in order: the
 * config, the request text, the kind ("handover", "cross_silo" or "edit"),
 * then the facts: actor.id, actor.org, actor.role, lead.id, lead.org,
 * lead.owner, lead.creator, lead.handed_over_to_sales ("true"/"false"),
 * to. Prints one line per case:
 *
 *   {"json": <decide's response or its error envelope>,
 *    "typed": <the typed answer>}
 *
 * where the typed answer is {"allowed", "route" (transfers), "reasons":
 * [{"code", "org"?}]}, or {"envelope": <leadrules_last_error_json()>} for a
 * failed typed call, or {"lookup": "<field>", "envelope": ...} for an org
 * or role id a lookup refused (the lookup knows no field: the host names
 * it, here as the request does). An engine that does not build prints
 * {"config": <envelope>}.
 *
 * A "sweep" case has, instead of the facts: the workflow, `now` (decimal
 * Unix seconds), the number of leads, then per lead its stage name,
 * created_at, expires_at, accepted_at, reassigned_at (decimal Unix seconds
 * or "-") and template name (or "-"). It goes through
 * leadrules_engine_sweep_columns, the names through
 * leadrules_engine_stage_code / _template_code; the typed answer is
 * {"due": [rows], "next_deadline": seconds or null}, or the envelope (with
 * "lookup": "leads[i].stage" for a stage name the lookup refused).
 *
 * Driven by tests/c/run_typed_conformance.py, which decides which vectors
 * a typed call can express and compares the lines with them. Exits 2 on
 * malformed input.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadrules.h"

#include "records.h"

enum { ACTOR_ID, ACTOR_ORG, ACTOR_ROLE, LEAD_ID, LEAD_ORG, LEAD_OWNER, LEAD_CREATOR, HANDED_OVER, TO, FACTS };

static const char *const FIELD[FACTS] = {
    "actor.id", "actor.org", "actor.role", "lead.id", "lead.org",
    "lead.owner", "lead.creator", "lead.handed_over_to_sales", "to",
};

/* Resolves the org or role id of `fact` into `index`; on failure prints
 * the lookup's envelope, naming the field, and answers false. */
static bool lookup(const leadrules_engine *engine, const record *facts, int fact, uint32_t *index) {
    const record *r = &facts[fact];
    leadrules_status status = fact == ACTOR_ROLE ? leadrules_engine_role(engine, r->data, r->len, index)
                                                 : leadrules_engine_org(engine, r->data, r->len, index);
    if (status != LEADRULES_STATUS_OK) {
        print_envelope(FIELD[fact]);
        return false;
    }
    return true;
}

/* The typed answer for one case, printed; resolves ids in the protocol's
 * field order. */
static void typed(const leadrules_engine *engine, const record *kind, const record *facts) {
    uint32_t actor_org = 0, actor_role = 0, lead_org = 0, to = 0;
    if (!lookup(engine, facts, ACTOR_ORG, &actor_org) || !lookup(engine, facts, ACTOR_ROLE, &actor_role) ||
        !lookup(engine, facts, LEAD_ORG, &lead_org)) {
        return;
    }
    leadrules_actor actor = {facts[ACTOR_ID].data, facts[ACTOR_ID].len, actor_org, actor_role};
    if (is(kind, "edit")) {
        leadrules_edited_lead lead = {
            facts[LEAD_ID].data,      facts[LEAD_ID].len,      lead_org,
            facts[LEAD_OWNER].data,   facts[LEAD_OWNER].len,   facts[LEAD_CREATOR].data,
            facts[LEAD_CREATOR].len,  is(&facts[HANDED_OVER], "true"),
        };
        leadrules_verdict verdict;
        if (leadrules_engine_check_edit(engine, &actor, &lead, &verdict) != LEADRULES_STATUS_OK) {
            print_envelope(NULL);
            return;
        }
        printf("{\"allowed\":%s,", verdict.allowed ? "true" : "false");
        print_reasons(engine, verdict.reason_count, verdict.reasons, verdict.reason_orgs);
        printf("}");
        return;
    }
    if (!lookup(engine, facts, TO, &to)) {
        return;
    }
    leadrules_held_lead lead = {facts[LEAD_ID].data, facts[LEAD_ID].len, lead_org, facts[LEAD_OWNER].data,
                                facts[LEAD_OWNER].len};
    uint32_t route = is(kind, "handover") ? LEADRULES_ROUTE_HANDOVER : LEADRULES_ROUTE_CROSS_SILO;
    leadrules_transfer_verdict verdict;
    if (leadrules_engine_check_transfer(engine, route, &actor, &lead, to, &verdict) != LEADRULES_STATUS_OK) {
        print_envelope(NULL);
        return;
    }
    const char *routes[] = {"null", "\"handover\"", "\"cross_silo\""};
    printf("{\"allowed\":%s,\"route\":%s,", verdict.allowed ? "true" : "false",
           verdict.route < 3 ? routes[verdict.route] : "\"?\"");
    print_reasons(engine, verdict.reason_count, verdict.reasons, verdict.reason_orgs);
    printf("}");
}

enum { STAGE, CREATED_AT, EXPIRES_AT, ACCEPTED_AT, REASSIGNED_AT, TEMPLATE, LEAD_FIELDS };

static const char *const LEAD_FIELD[LEAD_FIELDS] = {
    "stage", "created_at", "expires_at", "accepted_at", "reassigned_at", "template",
};

/* A stage name the lookup refused, printed with its field
 * `leads[row].stage`. */
static void print_lookup_failure(size_t row, int field) {
    char where[64];
    snprintf(where, sizeof where, "leads[%zu].%s", row, LEAD_FIELD[field]);
    print_envelope(where);
}

/* The sweep of `rows` leads (`LEAD_FIELDS` records each) through the
 * column call, printed; answers false on malformed input. */
static bool typed_sweep(const leadrules_engine *engine, const record *workflow, int64_t now, size_t rows,
                        const record *leads) {
    uint32_t *stages = calloc(rows + 1, sizeof *stages);
    uint32_t *templates = calloc(rows + 1, sizeof *templates);
    int64_t *times = calloc(4 * rows + 1, sizeof *times);
    size_t *due = calloc(rows + 1, sizeof *due);
    bool ok = stages != NULL && templates != NULL && times != NULL && due != NULL;
    uint32_t default_template = 0;
    if (ok && leadrules_engine_template_code(engine, (const uint8_t *)"default", 7, &default_template) !=
                  LEADRULES_STATUS_OK) {
        ok = false;
    }
    bool failed = false;
    for (size_t row = 0; ok && !failed && row < rows; row++) {
        const record *lead = &leads[row * LEAD_FIELDS];
        leadrules_status status = leadrules_engine_stage_code(engine, workflow->data, workflow->len,
                                                              lead[STAGE].data, lead[STAGE].len, &stages[row]);
        if (status != LEADRULES_STATUS_OK) {
            /* An unknown workflow is the request's `workflow` already. */
            if (status == LEADRULES_STATUS_UNKNOWN_STAGE) {
                print_lookup_failure(row, STAGE);
            } else {
                print_envelope(NULL);
            }
            failed = true;
            break;
        }
        for (int column = 0; column < 4; column++) {
            ok = ok && number(&lead[CREATED_AT + column], LEADRULES_NO_TIME, &times[(size_t)column * rows + row]);
        }
        /* A template the engine lacks gets a code no template has: the
         * sweep refuses it at `templates[row]` only where the workflow
         * reads templates, as the JSON `sweep` does (Python does the same). */
        templates[row] = default_template;
        if (lead[TEMPLATE].data != NULL &&
            leadrules_engine_template_code(engine, lead[TEMPLATE].data, lead[TEMPLATE].len, &templates[row]) !=
                LEADRULES_STATUS_OK) {
            templates[row] = UINT32_MAX;
        }
    }
    if (ok && !failed) {
        leadrules_lead_columns columns = {stages, times, times + rows, times + 2 * rows, times + 3 * rows, templates, rows};
        size_t due_count = 0;
        int64_t next = 0;
        if (leadrules_engine_sweep_columns(engine, workflow->data, workflow->len, &columns, now, due, &due_count,
                                           &next) != LEADRULES_STATUS_OK) {
            print_envelope(NULL);
        } else {
            printf("{\"due\":[");
            for (size_t i = 0; i < due_count; i++) {
                printf("%s%zu", i == 0 ? "" : ",", due[i]);
            }
            if (next == LEADRULES_NO_TIME) {
                printf("],\"next_deadline\":null}");
            } else {
                printf("],\"next_deadline\":%" PRId64 "}", next);
            }
        }
    }
    free(stages);
    free(templates);
    free(times);
    free(due);
    return ok;
}

/* The records after the kind: the facts, or a sweep's workflow, `now`,
 * row count and rows. */
static bool read_rest(typed_case *c) {
    if (!is(&c->kind, "sweep")) {
        return case_read(c, FACTS);
    }
    int64_t now = 0, rows = 0;
    return case_read(c, 3) && number(&c->rest[1], 0, &now) && number(&c->rest[2], 0, &rows) && rows >= 0 &&
           rows <= 1000000 && case_read(c, (size_t)rows * LEAD_FIELDS);
}

/* The typed answer of a case, printed; false on malformed input. */
static bool answer(const leadrules_engine *engine, const typed_case *c) {
    if (!is(&c->kind, "sweep")) {
        typed(engine, &c->kind, c->rest);
        return true;
    }
    int64_t now = 0, rows = 0;
    return number(&c->rest[1], 0, &now) && number(&c->rest[2], 0, &rows) &&
           typed_sweep(engine, &c->rest[0], now, (size_t)rows, &c->rest[3]);
}

int main(void) {
    return typed_cases("typed_conformance", read_rest, answer);
}
