/*
 * typed_prepared.c: asks the conformance cases through prepared facts
 * (leadrules_engine_prepare_actor / _prepare_lead /
 * _prepare_workflow_lead), prints the JSON entry's answer beside the
 * handles' one, and asks the list views over groups of the vectors'
 * records.
 *
 * Reads the cases of tests/c/records.h's loop: the config, the request
 * text, the kind, then by kind:
 *
 * - "handover", "cross_silo", "edit": actor.id, actor.org, actor.role,
 *   lead.id, lead.org, lead.owner, lead.creator,
 *   lead.handed_over_to_sales ("true"/"false"), to; asked through
 *   leadrules_engine_check_transfer_prepared / _check_edit_prepared (an
 *   edit lead once more through leadrules_engine_can_edit_many). The
 *   answer is {"allowed", "route" (transfers), "reasons": [{"code",
 *   "org"?}]}; {"lookup": "<field>", "envelope": ...} for the org index of
 *   lead.org or to that a lookup refused; {"list_view": ...} for an edit
 *   whose single answer and list-view byte differ.
 * - "transition", "actions": workflow, action ("-" for actions), now
 *   (Unix seconds or "-"), the actor's 3 records, then the workflow lead's
 *   WORKFLOW_LEAD records (id, stage, sub_stage, owner, partner, source,
 *   distribution_owner, template, then created_at, expires_at,
 *   accepted_at, reassigned_at in Unix seconds or "-"); asked through
 *   leadrules_engine_transition_prepared / _actions_prepared. A
 *   transition answers {"allowed", "reasons"}; actions answer {"count",
 *   "actions": [{"action", "allowed", "reasons"}]}, one per action of
 *   leadrules_engine_workflow_actions ({"action", "unwritten": true} for a
 *   slot the call left as it was).
 * - "actions_many" (no request): workflow, now, the number of actors and
 *   their records (3 each), the number of leads and theirs
 *   (WORKFLOW_LEAD each); "edit_many" (no request): the number of actors
 *   and theirs, the number of leads and theirs (id, org, owner, creator,
 *   handed_over_to_sales). Every actor and lead is prepared (those that
 *   fail are left out, counted in "unprepared"); for each actor the
 *   single question is asked of each lead ("single": a row of bits, or
 *   {"envelope"}), the list view of the whole page ("many": the rows, or
 *   {"envelope"}) and of each lead alone ("alone").
 *
 * Every failed preparation or question prints {"envelope": ...} (the
 * actor's org and role are prepared from their text, so their errors are
 * the protocol's own). An engine that does not build prints {"config":
 * <envelope>}.
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

/* A transition or actions case: the request's arguments, then the actor,
 * then the workflow lead. */
enum { WORKFLOW, ACTION, NOW, ACTOR, WORKFLOW_FACTS = ACTOR + 3 };
enum {
    W_ID,
    W_STAGE,
    W_SUB_STAGE,
    W_OWNER,
    W_PARTNER,
    W_SOURCE,
    W_DISTRIBUTION_OWNER,
    W_TEMPLATE,
    W_CREATED_AT,
    W_EXPIRES_AT,
    W_ACCEPTED_AT,
    W_REASSIGNED_AT,
    WORKFLOW_LEAD
};
/* An edit_many lead. */
enum { E_ID, E_ORG, E_OWNER, E_CREATOR, E_HANDED_OVER, EDITED_LEAD };

/* The org index of `r` into `index`; on failure prints the lookup's
 * envelope naming `field` and answers false. */
static bool org_lookup(const leadrules_engine *engine, const record *r, const char *field, uint32_t *index) {
    if (leadrules_engine_org(engine, r->data, r->len, index) != LEADRULES_STATUS_OK) {
        print_envelope(field);
        return false;
    }
    return true;
}

/* The actor of 3 records (id, org, role) prepared, or NULL with the
 * thread's last error. */
static leadrules_prepared_actor *actor_of(const leadrules_engine *engine, const record *r) {
    const leadrules_actor_in actor = {r[0].data, r[0].len, r[1].data, r[1].len, r[2].data, r[2].len};
    return leadrules_engine_prepare_actor(engine, &actor);
}

/* The workflow lead of WORKFLOW_LEAD records prepared, or NULL with the
 * thread's last error (or, for a time that is not a number, *malformed). */
static leadrules_prepared_workflow_lead *workflow_lead_of(const leadrules_engine *engine, const record *workflow,
                                                          const record *r, bool *malformed) {
    leadrules_workflow_lead_in lead = {
        .id = r[W_ID].data,
        .id_len = r[W_ID].len,
        .stage = r[W_STAGE].data,
        .stage_len = r[W_STAGE].len,
        .sub_stage = r[W_SUB_STAGE].data,
        .sub_stage_len = r[W_SUB_STAGE].len,
        .owner = r[W_OWNER].data,
        .owner_len = r[W_OWNER].len,
        .partner = r[W_PARTNER].data,
        .partner_len = r[W_PARTNER].len,
        .source = r[W_SOURCE].data,
        .source_len = r[W_SOURCE].len,
        .distribution_owner = r[W_DISTRIBUTION_OWNER].data,
        .distribution_owner_len = r[W_DISTRIBUTION_OWNER].len,
        .template_name = r[W_TEMPLATE].data,
        .template_name_len = r[W_TEMPLATE].len,
    };
    if (!number(&r[W_CREATED_AT], LEADRULES_NO_TIME, &lead.created_at) ||
        !number(&r[W_EXPIRES_AT], LEADRULES_NO_TIME, &lead.expires_at) ||
        !number(&r[W_ACCEPTED_AT], LEADRULES_NO_TIME, &lead.accepted_at) ||
        !number(&r[W_REASSIGNED_AT], LEADRULES_NO_TIME, &lead.reassigned_at)) {
        *malformed = true;
        return NULL;
    }
    return leadrules_engine_prepare_workflow_lead(engine, workflow->data, workflow->len, &lead);
}

/* A verdict's answer, {"allowed", "reasons"}. */
static void print_verdict(const leadrules_engine *engine, const leadrules_verdict *verdict) {
    printf("{\"allowed\":%s,", verdict->allowed ? "true" : "false");
    print_reasons(engine, verdict->reason_count, verdict->reasons, verdict->reason_orgs);
    printf("}");
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
    print_verdict(engine, &verdict);
}

/* A handover, cross_silo or edit case through handles, printed. */
static void org_case(const leadrules_engine *engine, const record *kind, const record *facts) {
    leadrules_prepared_actor *actor = actor_of(engine, &facts[ACTOR_ID]);
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

/* The workflow's action names (`*count` of them, the array owned by the
 * caller), or NULL with the thread's last error. */
static leadrules_name *action_names(const leadrules_engine *engine, const record *workflow, size_t *count) {
    if (leadrules_engine_workflow_actions(engine, workflow->data, workflow->len, NULL, 0, count) !=
        LEADRULES_STATUS_OK) {
        return NULL;
    }
    leadrules_name *names = calloc(*count + 1, sizeof *names);
    size_t again = 0;
    if (names == NULL ||
        leadrules_engine_workflow_actions(engine, workflow->data, workflow->len, names, *count, &again) !=
            LEADRULES_STATUS_OK ||
        again != *count) {
        free(names);
        return NULL;
    }
    return names;
}

/* Every action's verdict for one lead (`count` of them, each slot marked
 * unwritten first), or NULL with the thread's last error; `*written` is
 * the count the call answered. */
static leadrules_verdict *verdicts_of(const leadrules_engine *engine, const leadrules_prepared_actor *actor,
                                      const leadrules_prepared_workflow_lead *lead, int64_t now, size_t count,
                                      size_t *written) {
    leadrules_verdict *verdicts = calloc(count + 1, sizeof *verdicts);
    if (verdicts == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        verdicts[i].reason_count = UINT32_MAX;
    }
    if (leadrules_engine_actions_prepared(engine, actor, lead, now, verdicts, count, written) !=
        LEADRULES_STATUS_OK) {
        free(verdicts);
        return NULL;
    }
    return verdicts;
}

/* The actions of one lead, printed. */
static void actions(const leadrules_engine *engine, const record *workflow, const leadrules_prepared_actor *actor,
                    const leadrules_prepared_workflow_lead *lead, int64_t now) {
    size_t count = 0, written = 0;
    leadrules_name *names = action_names(engine, workflow, &count);
    leadrules_verdict *verdicts = names == NULL ? NULL : verdicts_of(engine, actor, lead, now, count, &written);
    if (verdicts == NULL) {
        print_envelope(NULL);
    } else {
        printf("{\"count\":%zu,\"actions\":[", written);
        for (size_t i = 0; i < count; i++) {
            printf("%s{\"action\":", i == 0 ? "" : ",");
            print_bytes(names[i].name, names[i].name_len);
            if (verdicts[i].reason_count == UINT32_MAX) {
                printf(",\"unwritten\":true}");
            } else {
                printf(",\"allowed\":%s,", verdicts[i].allowed ? "true" : "false");
                print_reasons(engine, verdicts[i].reason_count, verdicts[i].reasons, verdicts[i].reason_orgs);
                printf("}");
            }
        }
        printf("]}");
    }
    free(verdicts);
    free(names);
}

/* A transition or actions case through handles, printed; false on
 * malformed input. */
static bool workflow_case(const leadrules_engine *engine, const record *kind, const record *r) {
    int64_t now = 0;
    if (!number(&r[NOW], LEADRULES_NO_TIME, &now)) {
        return false;
    }
    bool malformed = false;
    leadrules_prepared_actor *actor = actor_of(engine, &r[ACTOR]);
    leadrules_prepared_workflow_lead *lead =
        actor == NULL ? NULL : workflow_lead_of(engine, &r[WORKFLOW], &r[WORKFLOW_FACTS], &malformed);
    if (actor == NULL || lead == NULL) {
        print_envelope(NULL);
    } else if (is(kind, "actions")) {
        actions(engine, &r[WORKFLOW], actor, lead, now);
    } else {
        leadrules_verdict verdict;
        if (leadrules_engine_transition_prepared(engine, actor, lead, r[ACTION].data, r[ACTION].len, now,
                                                 &verdict) != LEADRULES_STATUS_OK) {
            print_envelope(NULL);
        } else {
            print_verdict(engine, &verdict);
        }
    }
    leadrules_prepared_workflow_lead_free(lead);
    leadrules_prepared_actor_free(actor);
    return !malformed;
}

/* A list-view group's handles: the actors and leads that were prepared
 * (the leads of one kind: workflow leads or edited ones). */
typedef struct {
    leadrules_prepared_actor **actors;
    size_t actor_count;
    leadrules_prepared_workflow_lead **workflow_leads;
    leadrules_prepared_lead **leads;
    size_t lead_count;
    size_t unprepared;
} page;

static void page_free(page *p) {
    for (size_t i = 0; i < p->actor_count; i++) {
        leadrules_prepared_actor_free(p->actors[i]);
    }
    for (size_t i = 0; i < p->lead_count; i++) {
        leadrules_prepared_workflow_lead_free(p->workflow_leads != NULL ? p->workflow_leads[i] : NULL);
        leadrules_prepared_lead_free(p->leads != NULL ? p->leads[i] : NULL);
    }
    free(p->actors);
    free(p->workflow_leads);
    free(p->leads);
}

/* A count record (decimal, at most `limit`). */
static bool count_of(const record *r, size_t limit, size_t *out) {
    int64_t n = 0;
    if (!number(r, -1, &n) || n < 0 || (uint64_t)n > limit) {
        return false;
    }
    *out = (size_t)n;
    return true;
}

/* Prepares the actors of `r` (a count, then 3 records each) into `p`;
 * answers the records read, 0 on malformed input. */
static size_t prepare_actors(const leadrules_engine *engine, const record *r, page *p) {
    size_t n = 0;
    if (!count_of(r, 100000, &n)) {
        return 0;
    }
    p->actors = calloc(n + 1, sizeof *p->actors);
    if (p->actors == NULL) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        leadrules_prepared_actor *actor = actor_of(engine, &r[1 + 3 * i]);
        if (actor == NULL) {
            p->unprepared++;
        } else {
            p->actors[p->actor_count++] = actor;
        }
    }
    return 1 + 3 * n;
}

/* A row of action bits, as "0110" (action k at character k). */
static void print_bits(const uint64_t *words, size_t count) {
    putchar('"');
    for (size_t k = 0; k < count; k++) {
        putchar((words[k / 64] >> (k % 64)) & 1 ? '1' : '0');
    }
    putchar('"');
}

/* One actor's `actions_many` over `n` leads, printed: the rows, or the
 * envelope. */
static void print_grid(const leadrules_engine *engine, const leadrules_prepared_actor *actor,
                       const leadrules_prepared_workflow_lead *const *leads, size_t n, int64_t now, size_t count) {
    size_t per_lead = (count + 63) / 64, words = 0;
    uint64_t *grid = calloc(n * per_lead + 1, sizeof *grid);
    if (grid == NULL ||
        leadrules_engine_actions_many(engine, actor, leads, n, now, grid, n * per_lead, &words) !=
            LEADRULES_STATUS_OK) {
        print_envelope(NULL);
    } else {
        printf("{\"words\":%zu,\"rows\":[", words);
        for (size_t i = 0; i < n; i++) {
            printf("%s", i == 0 ? "" : ",");
            print_bits(&grid[i * per_lead], count);
        }
        printf("]}");
    }
    free(grid);
}

/* An actions_many group: each actor's single questions and list views,
 * printed; false on malformed input. */
static bool actions_many_case(const leadrules_engine *engine, const record *r, size_t records) {
    int64_t now = 0;
    size_t leads = 0, count = 0;
    page p = {0};
    size_t at = 2 + prepare_actors(engine, &r[2], &p);
    bool ok = at > 2 && number(&r[1], LEADRULES_NO_TIME, &now) && at < records && count_of(&r[at], 100000, &leads) &&
              at + 1 + leads * WORKFLOW_LEAD == records;
    p.workflow_leads = ok ? calloc(leads + 1, sizeof *p.workflow_leads) : NULL;
    ok = ok && p.workflow_leads != NULL;
    for (size_t i = 0; ok && i < leads; i++) {
        bool malformed = false;
        leadrules_prepared_workflow_lead *lead =
            workflow_lead_of(engine, &r[0], &r[at + 1 + i * WORKFLOW_LEAD], &malformed);
        ok = !malformed;
        if (lead == NULL) {
            p.unprepared++;
        } else {
            p.workflow_leads[p.lead_count++] = lead;
        }
    }
    /* No lead prepared (an unknown workflow prepares none): an empty
     * page, which must answer no rows. */
    leadrules_name *names = ok && p.lead_count > 0 ? action_names(engine, &r[0], &count) : NULL;
    const leadrules_prepared_workflow_lead *const *page_leads =
        (const leadrules_prepared_workflow_lead *const *)p.workflow_leads;
    if (!ok) {
        /* malformed: nothing printed */
    } else if (names == NULL && p.lead_count > 0) {
        print_envelope(NULL);
    } else {
        printf("{\"unprepared\":%zu,\"actors\":[", p.unprepared);
        for (size_t a = 0; a < p.actor_count; a++) {
            printf("%s{\"single\":[", a == 0 ? "" : ",");
            for (size_t i = 0; i < p.lead_count; i++) {
                size_t written = 0;
                leadrules_verdict *verdicts = verdicts_of(engine, p.actors[a], page_leads[i], now, count, &written);
                printf("%s", i == 0 ? "" : ",");
                if (verdicts == NULL) {
                    print_envelope(NULL);
                } else {
                    putchar('"');
                    for (size_t k = 0; k < count; k++) {
                        putchar(verdicts[k].reason_count != UINT32_MAX && verdicts[k].allowed ? '1' : '0');
                    }
                    putchar('"');
                }
                free(verdicts);
            }
            printf("],\"many\":");
            print_grid(engine, p.actors[a], page_leads, p.lead_count, now, count);
            printf(",\"alone\":[");
            for (size_t i = 0; i < p.lead_count; i++) {
                printf("%s", i == 0 ? "" : ",");
                print_grid(engine, p.actors[a], &page_leads[i], 1, now, count);
            }
            printf("]}");
        }
        printf("]}");
    }
    free(names);
    page_free(&p);
    return ok;
}

/* One actor's `can_edit_many` over `n` leads, printed: the bytes, or the
 * envelope. */
static void print_edits(const leadrules_engine *engine, const leadrules_prepared_actor *actor,
                        const leadrules_prepared_lead *const *leads, size_t n) {
    uint8_t *allowed = malloc(n + 1);
    if (allowed != NULL) {
        memset(allowed, 7, n + 1);
    }
    if (allowed == NULL || leadrules_engine_can_edit_many(engine, actor, leads, n, allowed) != LEADRULES_STATUS_OK) {
        print_envelope(NULL);
    } else {
        printf("{\"rows\":[");
        for (size_t i = 0; i < n; i++) {
            printf("%s%u", i == 0 ? "" : ",", (unsigned)allowed[i]);
        }
        printf("]}");
    }
    free(allowed);
}

/* An edit_many group: each actor's single questions and list views,
 * printed; false on malformed input. */
static bool edit_many_case(const leadrules_engine *engine, const record *r, size_t records) {
    size_t leads = 0;
    page p = {0};
    size_t at = prepare_actors(engine, r, &p);
    bool ok = at > 0 && at < records && count_of(&r[at], 100000, &leads) && at + 1 + leads * EDITED_LEAD == records;
    p.leads = ok ? calloc(leads + 1, sizeof *p.leads) : NULL;
    ok = ok && p.leads != NULL;
    for (size_t i = 0; ok && i < leads; i++) {
        const record *l = &r[at + 1 + i * EDITED_LEAD];
        uint32_t org = 0;
        leadrules_prepared_lead *lead = NULL;
        if (leadrules_engine_org(engine, l[E_ORG].data, l[E_ORG].len, &org) == LEADRULES_STATUS_OK) {
            const leadrules_edited_lead lead_in = {
                l[E_ID].data,      l[E_ID].len,      org, l[E_OWNER].data, l[E_OWNER].len,
                l[E_CREATOR].data, l[E_CREATOR].len, is(&l[E_HANDED_OVER], "true"),
            };
            lead = leadrules_engine_prepare_lead(engine, &lead_in);
        }
        if (lead == NULL) {
            p.unprepared++;
        } else {
            p.leads[p.lead_count++] = lead;
        }
    }
    const leadrules_prepared_lead *const *page_leads = (const leadrules_prepared_lead *const *)p.leads;
    if (ok) {
        printf("{\"unprepared\":%zu,\"actors\":[", p.unprepared);
        for (size_t a = 0; a < p.actor_count; a++) {
            printf("%s{\"single\":[", a == 0 ? "" : ",");
            for (size_t i = 0; i < p.lead_count; i++) {
                leadrules_verdict verdict;
                printf("%s", i == 0 ? "" : ",");
                if (leadrules_engine_check_edit_prepared(engine, p.actors[a], page_leads[i], &verdict) !=
                    LEADRULES_STATUS_OK) {
                    print_envelope(NULL);
                } else {
                    printf("%d", verdict.allowed ? 1 : 0);
                }
            }
            printf("],\"many\":");
            print_edits(engine, p.actors[a], page_leads, p.lead_count);
            printf(",\"alone\":[");
            for (size_t i = 0; i < p.lead_count; i++) {
                printf("%s", i == 0 ? "" : ",");
                print_edits(engine, p.actors[a], &page_leads[i], 1);
            }
            printf("]}");
        }
        printf("]}");
    }
    page_free(&p);
    return ok;
}

/* The records after the kind: the facts, a workflow case's, or a group's
 * (read by their counts). */
static bool read_rest(typed_case *c) {
    if (is(&c->kind, "transition") || is(&c->kind, "actions")) {
        return case_read(c, WORKFLOW_FACTS + WORKFLOW_LEAD);
    }
    bool actions_many = is(&c->kind, "actions_many");
    if (!actions_many && !is(&c->kind, "edit_many")) {
        return case_read(c, FACTS);
    }
    size_t n = 0;
    if (actions_many && !case_read(c, 2)) {
        return false;
    }
    if (!case_read(c, 1) || !count_of(&c->rest[c->count - 1], 100000, &n) || !case_read(c, 3 * n) ||
        !case_read(c, 1) || !count_of(&c->rest[c->count - 1], 100000, &n)) {
        return false;
    }
    return case_read(c, n * (actions_many ? WORKFLOW_LEAD : EDITED_LEAD));
}

/* The answer through handles for one case, printed; false on malformed
 * input. */
static bool answer(const leadrules_engine *engine, const typed_case *c) {
    if (is(&c->kind, "transition") || is(&c->kind, "actions")) {
        return workflow_case(engine, &c->kind, c->rest);
    }
    if (is(&c->kind, "actions_many")) {
        return actions_many_case(engine, c->rest, c->count);
    }
    if (is(&c->kind, "edit_many")) {
        return edit_many_case(engine, c->rest, c->count);
    }
    org_case(engine, &c->kind, c->rest);
    return true;
}

int main(void) {
    return typed_cases("typed_prepared", read_rest, answer);
}
