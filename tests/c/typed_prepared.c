/*
 * typed_prepared.c: asks the conformance cases of typed_conformance.c's
 * handover, cross_silo and edit vectors through prepared facts
 * (leadrules_engine_prepare_actor / _prepare_lead, then
 * leadrules_engine_check_transfer_prepared / _check_edit_prepared), and
 * each edit lead once more through leadrules_engine_can_edit_many, and
 * prints the JSON entry's answer beside the handles' one.
 *
 * Reads the records of tests/c/records.h: per case the config, the request
 * text, the kind ("handover", "cross_silo" or "edit"), then the facts:
 * actor.id, actor.org, actor.role, lead.id, lead.org, lead.owner,
 * lead.creator, lead.handed_over_to_sales ("true"/"false"), to. Prints one
 * line per case, as typed_conformance.c does:
 *
 *   {"json": <decide's response or its error envelope>,
 *    "typed": <the answer through handles>}
 *
 * where the answer is {"allowed", "route" (transfers), "reasons": [{"code",
 * "org"?}]}, {"envelope": ...} for a failed preparation or question (the
 * actor's org and role are prepared from their text, so their errors are
 * the protocol's own), or {"lookup": "<field>", "envelope": ...} for the
 * org index of lead.org or to that a lookup refused. An edit whose
 * single answer and list-view byte differ prints {"list_view": ...}. An
 * engine that does not build prints {"config": <envelope>}.
 *
 * Driven by tests/c/run_typed_prepared.py. Exits 2 on malformed input.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadrules.h"

#include "records.h"

enum { ACTOR_ID, ACTOR_ORG, ACTOR_ROLE, LEAD_ID, LEAD_ORG, LEAD_OWNER, LEAD_CREATOR, HANDED_OVER, TO, FACTS };

static void print_reasons(const leadrules_engine *engine, uint32_t count, const uint32_t *codes,
                          const uint32_t *orgs) {
    printf("\"reasons\":[");
    for (uint32_t i = 0; i < count && i < LEADRULES_MAX_REASONS; i++) {
        printf("%s{\"code\":", i == 0 ? "" : ",");
        const char *name = leadrules_denial_code_name(codes[i]);
        print_string(name != NULL ? name : "?");
        if (orgs[i] != LEADRULES_NO_ORG) {
            const char *org = leadrules_engine_org_name(engine, orgs[i]);
            printf(",\"org\":");
            print_string(org != NULL ? org : "?");
        }
        printf("}");
    }
    printf("]");
}

/* The org index of `r` into `index`; on failure prints the lookup's
 * envelope naming `field` and answers false. */
static bool org_lookup(const leadrules_engine *engine, const record *r, const char *field, uint32_t *index) {
    if (leadrules_engine_org(engine, r->data, r->len, index) != LEADRULES_STATUS_OK) {
        print_envelope(field);
        return false;
    }
    return true;
}

/* The edit through handles, single and as a page of one. */
static void edit(const leadrules_engine *engine, const leadrules_prepared_actor *actor,
                 const leadrules_prepared_lead *lead) {
    leadrules_verdict verdict;
    if (leadrules_engine_check_edit_prepared(engine, actor, lead, &verdict) != LEADRULES_STATUS_OK) {
        print_envelope(NULL);
        return;
    }
    const leadrules_prepared_lead *page[2] = {lead, lead};
    uint8_t allowed[2] = {7, 7};
    if (leadrules_engine_can_edit_many(engine, actor, page, 2, allowed) != LEADRULES_STATUS_OK ||
        allowed[0] != (verdict.allowed ? 1 : 0) || allowed[1] != allowed[0]) {
        printf("{\"list_view\":%s}", leadrules_last_error_json());
        return;
    }
    printf("{\"allowed\":%s,", verdict.allowed ? "true" : "false");
    print_reasons(engine, verdict.reason_count, verdict.reasons, verdict.reason_orgs);
    printf("}");
}

/* The answer through handles for one case, printed. */
static void prepared(const leadrules_engine *engine, const record *kind, const record *facts) {
    const leadrules_actor_in actor_in = {facts[ACTOR_ID].data,   facts[ACTOR_ID].len,   facts[ACTOR_ORG].data,
                                         facts[ACTOR_ORG].len,   facts[ACTOR_ROLE].data, facts[ACTOR_ROLE].len};
    leadrules_prepared_actor *actor = leadrules_engine_prepare_actor(engine, &actor_in);
    if (actor == NULL) {
        print_envelope(NULL);
        return;
    }
    uint32_t lead_org = 0, to = 0;
    leadrules_prepared_lead *lead = NULL;
    if (org_lookup(engine, &facts[LEAD_ORG], "lead.org", &lead_org)) {
        bool edits = is(kind, "edit");
        leadrules_edited_lead lead_in = {
            facts[LEAD_ID].data,
            facts[LEAD_ID].len,
            lead_org,
            facts[LEAD_OWNER].data,
            facts[LEAD_OWNER].len,
            edits ? facts[LEAD_CREATOR].data : NULL,
            edits ? facts[LEAD_CREATOR].len : 0,
            edits && is(&facts[HANDED_OVER], "true"),
        };
        lead = leadrules_engine_prepare_lead(engine, &lead_in);
        if (lead == NULL) {
            print_envelope(NULL);
        } else if (edits) {
            edit(engine, actor, lead);
        } else if (org_lookup(engine, &facts[TO], "to", &to)) {
            uint32_t route = is(kind, "handover") ? LEADRULES_ROUTE_HANDOVER : LEADRULES_ROUTE_CROSS_SILO;
            leadrules_transfer_verdict verdict;
            if (leadrules_engine_check_transfer_prepared(engine, route, actor, lead, to, &verdict) !=
                LEADRULES_STATUS_OK) {
                print_envelope(NULL);
            } else {
                const char *routes[] = {"null", "\"handover\"", "\"cross_silo\""};
                printf("{\"allowed\":%s,\"route\":%s,", verdict.allowed ? "true" : "false",
                       verdict.route < 3 ? routes[verdict.route] : "\"?\"");
                print_reasons(engine, verdict.reason_count, verdict.reasons, verdict.reason_orgs);
                printf("}");
            }
        }
    }
    leadrules_prepared_lead_free(lead);
    leadrules_prepared_actor_free(actor);
}

int main(void) {
    int cases = 0;
    for (;;) {
        record head[3 + FACTS];
        memset(head, 0, sizeof head);
        int got = read_record(&head[0]);
        if (got == 0) {
            break;
        }
        bool malformed = got < 0 || read_records(&head[1], 2 + FACTS) < 0 || head[0].data == NULL ||
                         head[1].data == NULL;
        leadrules_engine *engine = NULL;
        if (malformed) {
            fprintf(stderr, "typed_prepared: malformed input after %d cases\n", cases);
        } else if (leadrules_engine_new(head[0].data, head[0].len, &engine) != LEADRULES_STATUS_OK) {
            printf("{\"config\":%s}\n", leadrules_last_error_json());
        } else {
            printf("{\"json\":");
            print_json(engine, &head[1]);
            printf(",\"typed\":");
            prepared(engine, &head[2], &head[3]);
            printf("}\n");
            leadrules_engine_free(engine);
        }
        free_records(head, 3 + FACTS);
        if (malformed) {
            return 2;
        }
        cases++;
    }
    return 0;
}
