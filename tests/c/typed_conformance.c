/*
 * typed_conformance.c: asks conformance cases through the typed C calls
 * (leadrules_engine_check_transfer, leadrules_engine_check_edit, and the
 * org and role lookups they take) and through the JSON entry, and prints
 * both answers.
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
 * Driven by tests/c/run_typed_conformance.py, which decides which vectors
 * a typed call can express and compares the lines with them. Exits 2 on
 * malformed input.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadrules.h"

enum { ACTOR_ID, ACTOR_ORG, ACTOR_ROLE, LEAD_ID, LEAD_ORG, LEAD_OWNER, LEAD_CREATOR, HANDED_OVER, TO, FACTS };

static const char *const FIELD[FACTS] = {
    "actor.id", "actor.org", "actor.role", "lead.id", "lead.org",
    "lead.owner", "lead.creator", "lead.handed_over_to_sales", "to",
};

/* One record: `data` NULL for "-". */
typedef struct {
    unsigned char *data;
    size_t len;
} record;

/* Reads one record. Returns 1 on success, 0 at a clean end of input, -1
 * on malformed input. */
static int read_record(record *out) {
    size_t n = 0;
    int digits = 0;
    int c = getchar();
    if (c == '-') {
        out->data = NULL;
        out->len = 0;
        return getchar() == '\n' ? 1 : -1;
    }
    for (; c != EOF && c != '\n'; c = getchar()) {
        if (c < '0' || c > '9' || n > (SIZE_MAX - 9) / 10) {
            return -1;
        }
        n = n * 10 + (size_t)(c - '0');
        digits++;
    }
    if (digits == 0) {
        return c == EOF ? 0 : -1;
    }
    if (c != '\n') {
        return -1;
    }
    unsigned char *buffer = malloc(n + 1);
    if (buffer == NULL) {
        return -1;
    }
    if (fread(buffer, 1, n, stdin) != n || getchar() != '\n') {
        free(buffer);
        return -1;
    }
    buffer[n] = '\0';
    out->data = buffer;
    out->len = n;
    return 1;
}

static bool is(const record *r, const char *text) {
    return r->data != NULL && r->len == strlen(text) && memcmp(r->data, text, r->len) == 0;
}

/* Prints `text` as a JSON string (org ids are host text). */
static void print_string(const char *text) {
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\') {
            printf("\\%c", *p);
        } else if (*p < 0x20) {
            printf("\\u%04x", *p);
        } else {
            putchar(*p);
        }
    }
    putchar('"');
}

static void print_envelope(const char *lookup) {
    printf("{");
    if (lookup != NULL) {
        printf("\"lookup\":");
        print_string(lookup);
        printf(",");
    }
    printf("\"envelope\":%s}", leadrules_last_error_json());
}

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

/* The JSON entry's answer to the same request, printed. */
static void json(const leadrules_engine *engine, const record *request) {
    char *response = NULL;
    if (leadrules_engine_decide(engine, request->data, request->len, &response, NULL) == LEADRULES_STATUS_OK) {
        printf("%s", response);
        leadrules_string_free(response);
    } else {
        printf("%s", leadrules_last_error_json());
    }
}

static void free_records(record *records, int count) {
    for (int i = 0; i < count; i++) {
        free(records[i].data);
        records[i].data = NULL;
    }
}

int main(void) {
    int cases = 0;
    for (;;) {
        /* config, request, kind, then the facts */
        record records[3 + FACTS];
        memset(records, 0, sizeof records);
        int got = read_record(&records[0]);
        if (got == 0) {
            break;
        }
        int read = got < 0 ? 0 : 1;
        while (got > 0 && read < 3 + FACTS) {
            got = read_record(&records[read]);
            read += got > 0;
        }
        if (got <= 0 || records[0].data == NULL || records[1].data == NULL) {
            free_records(records, read);
            fprintf(stderr, "typed_conformance: malformed input after %d cases\n", cases);
            return 2;
        }
        leadrules_engine *engine = NULL;
        if (leadrules_engine_new(records[0].data, records[0].len, &engine) != LEADRULES_STATUS_OK) {
            printf("{\"config\":%s}\n", leadrules_last_error_json());
        } else {
            printf("{\"json\":");
            json(engine, &records[1]);
            printf(",\"typed\":");
            typed(engine, &records[2], &records[3]);
            printf("}\n");
            leadrules_engine_free(engine);
        }
        free_records(records, read);
        cases++;
    }
    return 0;
}
