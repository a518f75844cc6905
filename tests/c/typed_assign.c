/*
 * typed_assign.c: asks the assignment conformance cases through the typed
 * C calls (leadrules_engine_assign, leadrules_engine_assign_many,
 * leadrules_engine_check_change_owner, and the org and role lookups they
 * take) and through the JSON entry, and prints both answers.
 *
 * Reads the records of tests/c/records.h ("-" for an absent value, a NULL
 * pointer). Per case: the config, the
 * request text, the kind, then
 *
 * - "change_owner": actor.id, actor.org, actor.role, lead.id, lead.org,
 *   lead.owner, lead.creator, lead.handed_over_to_sales ("true"/"false"),
 *   to.id, to.org, to.role;
 * - "assign": "one" or "many", now (decimal Unix seconds or "-"), the
 *   number of leads, per lead its id, org, number of fields and per field
 *   its name, kind (a LEADRULES_FIELD_* number) and value (text, a number,
 *   "true"/"false", or "-"); then the number of pools, per pool its name,
 *   cursor, number of members and per member its id, org, role, active,
 *   away, calendar, open_leads, capacity ("-" for none), weight, accepts
 *   (JSON text or "-").
 *
 * Prints one line per case, {"json": <decide's response or its error
 * envelope>, "typed": <the typed answer>}: for change_owner {"allowed",
 * "reasons": [{"code", "org"?}]}; for one lead the protocol's answer
 * without effects ({"allowed", "reasons", "rule", "pool", "assignee",
 * "skipped"}), built from the indexes the call answers; for a batch
 * {"assignments": [...], "cursors": {pool: member}}. A failed call prints
 * {"envelope": <leadrules_last_error_json()>}, a failed lookup
 * {"lookup": "<field>", "envelope": ...}; an engine that does not build
 * {"config": <envelope>}.
 *
 * Driven by tests/c/run_typed_assign.py. Exits 2 on malformed input.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadrules.h"

#include "records.h"

/* All records of one case, freed together. */
static record_list records;
static bool malformed;

/* The next record by value, absent and `malformed` on bad input. */
static record next(void) {
    bool ok = !malformed;
    record r = list_next(&records, &ok);
    malformed = !ok;
    return r;
}

/* A record of decimal digits (an optional leading '-') as a number. */
static int64_t integer(const record *r, int64_t absent) {
    if (r->data == NULL) {
        return absent;
    }
    char *end = NULL;
    long long value = strtoll((const char *)r->data, &end, 10);
    if (r->len == 0 || end != (const char *)r->data + r->len) {
        malformed = true;
    }
    return (int64_t)value;
}

static uint64_t unsigned_integer(const record *r, uint64_t absent) {
    if (r->data == NULL) {
        return absent;
    }
    char *end = NULL;
    unsigned long long value = strtoull((const char *)r->data, &end, 10);
    if (r->len == 0 || end != (const char *)r->data + r->len) {
        malformed = true;
    }
    return (uint64_t)value;
}

static void print_code(uint32_t code) {
    const char *name = leadrules_denial_code_name(code);
    print_string(name != NULL ? name : "?");
}

/* Resolves an org id (or a role name) into `index`; on failure prints the
 * lookup's envelope naming `field`. */
static bool lookup(const leadrules_engine *engine, const record *r, bool role, const char *field, uint32_t *index) {
    leadrules_status status = role ? leadrules_engine_role(engine, r->data, r->len, index)
                                   : leadrules_engine_org(engine, r->data, r->len, index);
    if (status != LEADRULES_STATUS_OK) {
        print_envelope(field);
        return false;
    }
    return true;
}

static void change_owner(const leadrules_engine *engine) {
    record facts[11];
    const record *f[11];
    for (int i = 0; i < 11; i++) {
        facts[i] = next();
        f[i] = &facts[i];
    }
    if (malformed) {
        return;
    }
    uint32_t actor_org = 0, actor_role = 0, lead_org = 0, to_org = 0, to_role = 0;
    if (!lookup(engine, f[1], false, "actor.org", &actor_org) || !lookup(engine, f[2], true, "actor.role", &actor_role) ||
        !lookup(engine, f[4], false, "lead.org", &lead_org) || !lookup(engine, f[9], false, "to.org", &to_org) ||
        !lookup(engine, f[10], true, "to.role", &to_role)) {
        return;
    }
    leadrules_actor actor = {f[0]->data, f[0]->len, actor_org, actor_role};
    leadrules_edited_lead lead = {f[3]->data, f[3]->len, lead_org, f[5]->data, f[5]->len,
                                  f[6]->data, f[6]->len, is(f[7], "true")};
    leadrules_actor to = {f[8]->data, f[8]->len, to_org, to_role};
    leadrules_verdict verdict;
    if (leadrules_engine_check_change_owner(engine, &actor, &lead, &to, &verdict) != LEADRULES_STATUS_OK) {
        print_envelope(NULL);
        return;
    }
    printf("{\"allowed\":%s,\"reasons\":[", verdict.allowed ? "true" : "false");
    for (uint32_t i = 0; i < verdict.reason_count && i < LEADRULES_MAX_REASONS; i++) {
        printf("%s{\"code\":", i == 0 ? "" : ",");
        print_code(verdict.reasons[i]);
        if (verdict.reason_orgs[i] != LEADRULES_NO_ORG) {
            const char *org = leadrules_engine_org_name(engine, verdict.reason_orgs[i]);
            printf(",\"org\":");
            print_string(org != NULL ? org : "?");
        }
        printf("}");
    }
    printf("]}");
}

/* The inputs of an assign case, read from the records. */
typedef struct {
    bool many;
    int64_t now;
    size_t lead_count, pool_count;
    leadrules_assign_lead *leads;
    leadrules_field *fields;
    leadrules_pool *pools;
    leadrules_member *members;
    size_t *member_starts;
    record *lead_orgs, *roles;
} assign_case;

static void free_case(assign_case *c) {
    free(c->leads);
    free(c->fields);
    free(c->pools);
    free(c->members);
    free(c->member_starts);
    free(c->lead_orgs);
    free(c->roles);
}

static size_t count(void) {
    record r = next();
    int64_t n = integer(&r, 0);
    if (n < 0 || n > 1000000) {
        malformed = true;
        return 0;
    }
    return (size_t)n;
}

/* Reads the records of an assign case; the structs point into them. */
static void read_case(assign_case *c) {
    record r = next();
    c->many = is(&r, "many");
    r = next();
    c->now = integer(&r, LEADRULES_NO_TIME);
    c->lead_count = count();
    c->leads = calloc(c->lead_count + 1, sizeof *c->leads);
    c->lead_orgs = calloc(c->lead_count + 1, sizeof *c->lead_orgs);
    size_t field_room = 16, fields = 0;
    c->fields = malloc(field_room * sizeof *c->fields);
    if (c->leads == NULL || c->lead_orgs == NULL || c->fields == NULL) {
        malformed = true;
        return;
    }
    size_t *field_starts = calloc(c->lead_count + 1, sizeof *field_starts);
    for (size_t i = 0; !malformed && field_starts != NULL && i < c->lead_count; i++) {
        record id = next();
        c->leads[i].id = id.data;
        c->leads[i].id_len = id.len;
        c->lead_orgs[i] = next();
        size_t n = count();
        field_starts[i] = fields;
        c->leads[i].field_count = n;
        for (size_t k = 0; !malformed && k < n; k++, fields++) {
            if (fields == field_room) {
                field_room *= 2;
                leadrules_field *grown = realloc(c->fields, field_room * sizeof *grown);
                if (grown == NULL) {
                    malformed = true;
                    break;
                }
                c->fields = grown;
            }
            leadrules_field *f = &c->fields[fields];
            memset(f, 0, sizeof *f);
            record name = next();
            f->name = name.data;
            f->name_len = name.len;
            record kind = next();
            f->kind = (uint32_t)integer(&kind, 0);
            record value = next();
            if (f->kind == LEADRULES_FIELD_TEXT) {
                f->text = value.data;
                f->text_len = value.len;
            } else if (f->kind == LEADRULES_FIELD_NUMBER) {
                f->number = value.data != NULL ? strtod((const char *)value.data, NULL) : 0.0;
            } else if (f->kind == LEADRULES_FIELD_BOOL) {
                f->boolean = is(&value, "true");
            }
        }
    }
    /* The fields array moved while it grew: point the leads at it now. */
    for (size_t i = 0; !malformed && field_starts != NULL && i < c->lead_count; i++) {
        c->leads[i].fields = c->leads[i].field_count > 0 ? &c->fields[field_starts[i]] : NULL;
    }
    if (field_starts == NULL) {
        malformed = true;
    }
    free(field_starts);
    c->pool_count = malformed ? 0 : count();
    c->pools = calloc(c->pool_count + 1, sizeof *c->pools);
    c->member_starts = calloc(c->pool_count + 1, sizeof *c->member_starts);
    size_t member_room = 16, members = 0;
    c->members = malloc(member_room * sizeof *c->members);
    c->roles = malloc(member_room * sizeof *c->roles);
    if (c->pools == NULL || c->member_starts == NULL || c->members == NULL || c->roles == NULL) {
        malformed = true;
        return;
    }
    for (size_t p = 0; !malformed && p < c->pool_count; p++) {
        record name = next();
        record cursor = next();
        c->pools[p].name = name.data;
        c->pools[p].name_len = name.len;
        c->pools[p].cursor = cursor.data;
        c->pools[p].cursor_len = cursor.len;
        c->pools[p].member_count = count();
        c->member_starts[p] = members;
        for (size_t i = 0; !malformed && i < c->pools[p].member_count; i++, members++) {
            if (members == member_room) {
                member_room *= 2;
                leadrules_member *grown = realloc(c->members, member_room * sizeof *grown);
                record *roles = grown == NULL ? NULL : realloc(c->roles, member_room * sizeof *roles);
                if (grown != NULL) {
                    c->members = grown;
                }
                if (roles == NULL) {
                    malformed = true;
                    break;
                }
                c->roles = roles;
            }
            leadrules_member *m = &c->members[members];
            memset(m, 0, sizeof *m);
            record id = next();
            record org = next();
            m->id = id.data;
            m->id_len = id.len;
            m->org = org.data;
            m->org_len = org.len;
            c->roles[members] = next();
            record flag = next();
            m->active = is(&flag, "true");
            flag = next();
            m->away = is(&flag, "true");
            record calendar = next();
            m->calendar = calendar.data;
            m->calendar_len = calendar.len;
            record number = next();
            m->open_leads = unsigned_integer(&number, 0);
            number = next();
            m->capacity = unsigned_integer(&number, LEADRULES_NO_CAPACITY);
            number = next();
            m->weight = unsigned_integer(&number, 1);
            record accepts = next();
            m->accepts = accepts.data;
            m->accepts_len = accepts.len;
        }
    }
    for (size_t p = 0; !malformed && p < c->pool_count; p++) {
        c->pools[p].members = c->pools[p].member_count > 0 ? &c->members[c->member_starts[p]] : NULL;
    }
}

/* One answer in the protocol's form (without effects), names from indexes. */
static void print_assignment(const assign_case *c, const leadrules_assignment *a, const leadrules_skipped *skipped,
                             size_t skipped_capacity) {
    printf("{\"allowed\":%s,\"reasons\":[", a->allowed ? "true" : "false");
    if (!a->allowed) {
        printf("{\"code\":");
        print_code(a->reason);
        if (a->reason_pool != NULL) {
            printf(",\"pool\":");
            print_bytes(a->reason_pool, a->reason_pool_len);
        }
        printf("}");
    }
    printf("],\"rule\":");
    if (a->rule != NULL) {
        print_bytes(a->rule, a->rule_len);
    } else {
        printf("null");
    }
    printf(",\"pool\":");
    if (a->pool < c->pool_count) {
        const leadrules_pool *pool = &c->pools[a->pool];
        print_bytes(pool->name, pool->name_len);
        printf(",\"assignee\":");
        if (a->assignee < pool->member_count) {
            print_bytes(pool->members[a->assignee].id, pool->members[a->assignee].id_len);
        } else {
            printf("\"?\"");
        }
    } else {
        printf("%s,\"assignee\":%s", a->pool == LEADRULES_NO_INDEX ? "null" : "\"?\"",
               a->assignee == LEADRULES_NO_INDEX ? "null" : "\"?\"");
    }
    printf(",\"skipped\":[");
    for (size_t i = 0; i < a->skipped_count; i++) {
        size_t at = a->skipped_start + i;
        printf("%s{", i == 0 ? "" : ",");
        if (at >= skipped_capacity || skipped[at].pool >= c->pool_count ||
            skipped[at].member >= c->pools[skipped[at].pool].member_count) {
            printf("\"unwritten\":true}");
            continue;
        }
        const leadrules_pool *pool = &c->pools[skipped[at].pool];
        printf("\"member\":");
        print_bytes(pool->members[skipped[at].member].id, pool->members[skipped[at].member].id_len);
        printf(",\"pool\":");
        print_bytes(pool->name, pool->name_len);
        printf(",\"reasons\":[");
        for (uint32_t r = 0; r < skipped[at].reason_count && r < LEADRULES_MAX_REASONS; r++) {
            printf("%s{\"code\":", r == 0 ? "" : ",");
            print_code(skipped[at].reasons[r]);
            printf("}");
        }
        printf("]}");
    }
    printf("]}");
}

static void assign(const leadrules_engine *engine) {
    assign_case c;
    memset(&c, 0, sizeof c);
    read_case(&c);
    bool ok = !malformed;
    char field[128];
    for (size_t i = 0; ok && i < c.lead_count; i++) {
        snprintf(field, sizeof field, c.many ? "leads[%zu].org" : "lead.org", i);
        ok = lookup(engine, &c.lead_orgs[i], false, field, &c.leads[i].org);
    }
    for (size_t p = 0; ok && p < c.pool_count; p++) {
        for (size_t i = 0; ok && i < c.pools[p].member_count; i++) {
            snprintf(field, sizeof field, "pools.%.*s.members[%zu].role", (int)c.pools[p].name_len,
                     (const char *)c.pools[p].name, i);
            ok = lookup(engine, &c.roles[c.member_starts[p] + i], true, field, &c.members[c.member_starts[p] + i].role);
        }
    }
    size_t total_members = 0;
    for (size_t p = 0; p < c.pool_count; p++) {
        total_members += c.pools[p].member_count;
    }
    /* Room for every member skipped once per rule tried, a few rules. */
    size_t skipped_capacity = (c.lead_count + 1) * (total_members + 1) * 4;
    leadrules_skipped *skipped = ok ? calloc(skipped_capacity, sizeof *skipped) : NULL;
    leadrules_assignment *answers = ok ? calloc(c.lead_count + 1, sizeof *answers) : NULL;
    uint32_t *cursors = ok ? calloc(c.pool_count + 1, sizeof *cursors) : NULL;
    if (ok && (skipped == NULL || answers == NULL || cursors == NULL)) {
        malformed = true;
        ok = false;
    }
    if (ok && !c.many) {
        if (leadrules_engine_assign(engine, c.lead_count > 0 ? &c.leads[0] : NULL, c.pools, c.pool_count, c.now,
                                    &answers[0], skipped, skipped_capacity) != LEADRULES_STATUS_OK) {
            print_envelope(NULL);
        } else {
            print_assignment(&c, &answers[0], skipped, skipped_capacity);
        }
    } else if (ok) {
        size_t skipped_count = 0;
        if (leadrules_engine_assign_many(engine, c.leads, c.lead_count, c.pools, c.pool_count, c.now, answers,
                                         c.lead_count, skipped, skipped_capacity, &skipped_count, cursors,
                                         c.pool_count) != LEADRULES_STATUS_OK) {
            print_envelope(NULL);
        } else {
            printf("{\"assignments\":[");
            for (size_t i = 0; i < c.lead_count; i++) {
                printf("%s", i == 0 ? "" : ",");
                print_assignment(&c, &answers[i], skipped, skipped_capacity);
            }
            printf("],\"cursors\":{");
            bool first = true;
            for (size_t p = 0; p < c.pool_count; p++) {
                if (cursors[p] == LEADRULES_NO_INDEX) {
                    continue;
                }
                printf("%s", first ? "" : ",");
                first = false;
                print_bytes(c.pools[p].name, c.pools[p].name_len);
                printf(":");
                if (cursors[p] < c.pools[p].member_count) {
                    print_bytes(c.pools[p].members[cursors[p]].id, c.pools[p].members[cursors[p]].id_len);
                } else {
                    printf("\"?\"");
                }
            }
            printf("},\"skipped_count\":%zu}", skipped_count);
        }
    }
    free(skipped);
    free(answers);
    free(cursors);
    free_case(&c);
}

int main(void) {
    int cases = 0;
    for (;;) {
        record *config = NULL;
        int got = malformed ? -1 : list_read(&records, &config);
        if (got == 0) {
            break;
        }
        malformed = got < 0;
        record config_copy = config != NULL ? *config : (record){NULL, 0};
        record request_copy = next();
        record kind = next();
        bool change = is(&kind, "change_owner");
        leadrules_engine *engine = NULL;
        if (malformed || config == NULL || config_copy.data == NULL || request_copy.data == NULL) {
            malformed = true;
        } else if (leadrules_engine_new(config_copy.data, config_copy.len, &engine) != LEADRULES_STATUS_OK) {
            /* The facts still follow: read them, answer nothing. */
            printf("{\"config\":%s,\"typed\":", leadrules_last_error_json());
            printf("{}}\n");
            malformed = true;
        } else {
            printf("{\"json\":");
            print_json(engine, &request_copy);
            printf(",\"typed\":");
            if (change) {
                change_owner(engine);
            } else {
                assign(engine);
            }
            printf("}\n");
            leadrules_engine_free(engine);
        }
        list_clear(&records, false);
        if (malformed) {
            fprintf(stderr, "typed_assign: malformed input after %d cases\n", cases);
            list_clear(&records, true);
            return 2;
        }
        cases++;
    }
    list_clear(&records, true);
    return 0;
}
