/* Prepared facts and list views from C: handles made once and asked many
 * questions, answered exactly as the record calls and the JSON entry
 * answer them; a page of leads in one call; every misuse (NULL, a handle
 * of another engine, a bad index, a short array) a status with its path,
 * never a crash. Compiled -std=c11 -Wall -Wextra -Wpedantic -Werror. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadrules.h"

#include "check.h"

#define S(text) (const uint8_t *)(text), strlen(text)

static const char CONFIG[] =
    "{\"orgs\": ["
    " {\"id\": \"hq\", \"handover\": true, \"cross_silo\": true},"
    " {\"id\": \"north\", \"parent\": \"hq\", \"handover\": true},"
    " {\"id\": \"south\", \"parent\": \"hq\"},"
    " {\"id\": \"acme\"}"
    "]}";

/* 2026-11-20T09:00:00Z, and three days and a half later. */
#define CREATED 1763629200LL
#define EARLY (CREATED + 3 * 86400 + 1800)
#define LATE (CREATED + 7 * 86400)

static uint32_t org(const leadrules_engine *engine, const char *id) {
    uint32_t out = UINT32_MAX;
    CHECK_STATUS(leadrules_engine_org(engine, S(id), &out), LEADRULES_STATUS_OK);
    return out;
}

static uint32_t role(const leadrules_engine *engine, const char *name) {
    uint32_t out = UINT32_MAX;
    CHECK_STATUS(leadrules_engine_role(engine, S(name), &out), LEADRULES_STATUS_OK);
    return out;
}

static leadrules_actor_in actor_in(const char *id, const char *org_id, const char *role_name) {
    leadrules_actor_in in = {(const uint8_t *)id, strlen(id), NULL, 0, (const uint8_t *)role_name, strlen(role_name)};
    if (org_id != NULL) {
        in.org = (const uint8_t *)org_id;
        in.org_len = strlen(org_id);
    }
    return in;
}

static leadrules_workflow_lead_in offer(const char *id, const char *stage) {
    leadrules_workflow_lead_in in;
    memset(&in, 0, sizeof in);
    in.id = (const uint8_t *)id;
    in.id_len = strlen(id);
    in.stage = (const uint8_t *)stage;
    in.stage_len = strlen(stage);
    in.partner = (const uint8_t *)"acme";
    in.partner_len = 4;
    in.source = (const uint8_t *)"vendor";
    in.source_len = 6;
    in.created_at = CREATED;
    in.expires_at = LEADRULES_NO_TIME;
    in.accepted_at = LEADRULES_NO_TIME;
    in.reassigned_at = LEADRULES_NO_TIME;
    return in;
}

/* Field by field: the structs' padding is not part of an answer. */
static int same_reasons(uint32_t count, const uint32_t *a, const uint32_t *ao, const uint32_t *b, const uint32_t *bo) {
    for (uint32_t i = 0; i < count && i < LEADRULES_MAX_REASONS; i++) {
        if (a[i] != b[i] || ao[i] != bo[i]) return 0;
    }
    return 1;
}

static int same_transfer(const leadrules_transfer_verdict *a, const leadrules_transfer_verdict *b) {
    return a->allowed == b->allowed && a->route == b->route && a->reason_count == b->reason_count &&
           same_reasons(a->reason_count, a->reasons, a->reason_orgs, b->reasons, b->reason_orgs);
}

static int same_verdict(const leadrules_verdict *a, const leadrules_verdict *b) {
    return a->allowed == b->allowed && a->reason_count == b->reason_count &&
           same_reasons(a->reason_count, a->reasons, a->reason_orgs, b->reasons, b->reason_orgs);
}

static int path_is(const char *path) {
    return strcmp(leadrules_last_error_path(), path) == 0;
}

static void test_transfer_and_edit(const leadrules_engine *engine) {
    uint32_t north = org(engine, "north"), hq = org(engine, "hq"), south = org(engine, "south");
    leadrules_actor_in pro_in = actor_in("u1", "north", "professional");
    leadrules_prepared_actor *pro = leadrules_engine_prepare_actor(engine, &pro_in);
    CHECK(pro != NULL);
    leadrules_edited_lead lead_in = {(const uint8_t *)"L1", 2, north, (const uint8_t *)"u1", 2,
                                     (const uint8_t *)"b1", 2, false};
    leadrules_prepared_lead *lead = leadrules_engine_prepare_lead(engine, &lead_in);
    CHECK(lead != NULL);

    /* Every route and target answers as the record call. */
    const leadrules_actor actor = {(const uint8_t *)"u1", 2, north, role(engine, "professional")};
    const leadrules_held_lead held = {(const uint8_t *)"L1", 2, north, (const uint8_t *)"u1", 2};
    uint32_t targets[] = {hq, south, north};
    for (uint32_t route = LEADRULES_ROUTE_HANDOVER; route <= LEADRULES_ROUTE_CROSS_SILO; route++) {
        for (size_t t = 0; t < 3; t++) {
            leadrules_transfer_verdict by_record, by_handle;
            memset(&by_record, 0, sizeof by_record);
            memset(&by_handle, 0, sizeof by_handle);
            CHECK_STATUS(leadrules_engine_check_transfer(engine, route, &actor, &held, targets[t], &by_record),
                         LEADRULES_STATUS_OK);
            CHECK_STATUS(leadrules_engine_check_transfer_prepared(engine, route, pro, lead, targets[t], &by_handle),
                         LEADRULES_STATUS_OK);
            CHECK(same_transfer(&by_record, &by_handle));
        }
    }
    leadrules_transfer_verdict tv;
    CHECK_STATUS(leadrules_engine_check_transfer_prepared(engine, LEADRULES_ROUTE_HANDOVER, pro, lead, hq, &tv),
                 LEADRULES_STATUS_OK);
    CHECK(tv.allowed && tv.route == LEADRULES_ROUTE_HANDOVER);

    /* Edit, for the owner and for a user of another org. */
    leadrules_actor_in other_in = actor_in("u2", "south", "professional");
    leadrules_prepared_actor *other = leadrules_engine_prepare_actor(engine, &other_in);
    leadrules_verdict by_record, by_handle;
    CHECK_STATUS(leadrules_engine_check_edit(engine, &actor, &lead_in, &by_record), LEADRULES_STATUS_OK);
    CHECK_STATUS(leadrules_engine_check_edit_prepared(engine, pro, lead, &by_handle), LEADRULES_STATUS_OK);
    CHECK(same_verdict(&by_record, &by_handle));
    CHECK(by_handle.allowed);
    const leadrules_actor south_actor = {(const uint8_t *)"u2", 2, south, role(engine, "professional")};
    CHECK_STATUS(leadrules_engine_check_edit(engine, &south_actor, &lead_in, &by_record), LEADRULES_STATUS_OK);
    CHECK_STATUS(leadrules_engine_check_edit_prepared(engine, other, lead, &by_handle), LEADRULES_STATUS_OK);
    CHECK(!by_handle.allowed && by_handle.reason_count > 0);
    CHECK(same_verdict(&by_record, &by_handle));

    /* The list view: a page of leads, a byte each. */
    leadrules_edited_lead south_in = lead_in;
    south_in.org = south;
    south_in.owner = (const uint8_t *)"u9";
    leadrules_prepared_lead *south_lead = leadrules_engine_prepare_lead(engine, &south_in);
    const leadrules_prepared_lead *page[] = {lead, south_lead, lead};
    uint8_t allowed[3] = {9, 9, 9};
    CHECK_STATUS(leadrules_engine_can_edit_many(engine, pro, page, 3, allowed), LEADRULES_STATUS_OK);
    for (size_t i = 0; i < 3; i++) {
        CHECK_STATUS(leadrules_engine_check_edit_prepared(engine, pro, page[i], &by_handle), LEADRULES_STATUS_OK);
        CHECK(allowed[i] == (by_handle.allowed ? 1 : 0));
    }
    CHECK(allowed[0] == 1 && allowed[2] == 1);
    CHECK_STATUS(leadrules_engine_can_edit_many(engine, pro, page, 0, NULL), LEADRULES_STATUS_OK);
    const leadrules_prepared_lead *holey[] = {lead, NULL};
    CHECK_STATUS(leadrules_engine_can_edit_many(engine, pro, holey, 2, allowed), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(strstr(leadrules_last_error_message(), "leads[1]") != NULL);

    /* An actor whose org is not in the directory: the org question says so. */
    leadrules_actor_in stray_in = actor_in("u3", "nowhere", "professional");
    leadrules_prepared_actor *stray = leadrules_engine_prepare_actor(engine, &stray_in);
    CHECK(stray != NULL);
    CHECK_STATUS(leadrules_engine_check_edit_prepared(engine, stray, lead, &by_handle), LEADRULES_STATUS_UNKNOWN_ORG);
    CHECK(path_is("actor.org"));

    /* Handed over to sales without a creator: edit's own check, at its path. */
    leadrules_edited_lead locked_in = lead_in;
    locked_in.creator = NULL;
    locked_in.creator_len = 0;
    locked_in.handed_over_to_sales = true;
    leadrules_prepared_lead *locked = leadrules_engine_prepare_lead(engine, &locked_in);
    CHECK(locked != NULL);
    CHECK_STATUS(leadrules_engine_check_edit_prepared(engine, pro, locked, &by_handle),
                 LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(path_is("lead.creator"));
    const leadrules_prepared_lead *with_locked[] = {lead, locked};
    CHECK_STATUS(leadrules_engine_can_edit_many(engine, pro, with_locked, 2, allowed), LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(path_is("leads[1].creator"));

    leadrules_prepared_lead_free(locked);
    leadrules_prepared_actor_free(stray);
    leadrules_prepared_lead_free(south_lead);
    leadrules_prepared_actor_free(other);
    leadrules_prepared_lead_free(lead);
    leadrules_prepared_actor_free(pro);
}

/* Whether the JSON entry allows `action` for the partner on lead `id` at `now`. */
static int json_allows(const leadrules_engine *engine, const char *action, const char *stage, const char *now) {
    char request[512];
    snprintf(request, sizeof request,
             "{\"kind\": \"transition\", \"workflow\": \"partner_lead\", \"action\": \"%s\", \"now\": \"%s\","
             " \"actor\": {\"id\": \"p7\", \"org\": \"acme\", \"role\": \"manager\"},"
             " \"lead\": {\"id\": \"L9\", \"stage\": \"%s\", \"partner\": \"acme\", \"source\": \"vendor\","
             " \"created_at\": \"2026-11-20T09:00:00Z\"}}",
             action, now, stage);
    char *response = NULL;
    size_t len = 0;
    if (leadrules_engine_decide(engine, (const uint8_t *)request, strlen(request), &response, &len) !=
        LEADRULES_STATUS_OK)
        return -1;
    int allowed = strncmp(response, "{\"allowed\":true", 15) == 0;
    leadrules_string_free(response);
    return allowed;
}

static void test_workflow(const leadrules_engine *engine) {
    leadrules_actor_in partner_in = actor_in("p7", "acme", "manager");
    leadrules_prepared_actor *partner = leadrules_engine_prepare_actor(engine, &partner_in);
    CHECK(partner != NULL);
    leadrules_workflow_lead_in pending_in = offer("L9", "pending");
    leadrules_prepared_workflow_lead *pending = leadrules_engine_prepare_workflow_lead(engine, S("partner_lead"), &pending_in);
    CHECK(pending != NULL);

    size_t count = 0;
    CHECK_STATUS(leadrules_engine_workflow_actions(engine, S("partner_lead"), NULL, 0, &count), LEADRULES_STATUS_OK);
    CHECK(count > 1 && count <= 64);
    leadrules_name *names = calloc(count, sizeof *names);
    leadrules_verdict *verdicts = calloc(count, sizeof *verdicts);
    size_t again = 0;
    CHECK_STATUS(leadrules_engine_workflow_actions(engine, S("partner_lead"), names, count, &again), LEADRULES_STATUS_OK);
    CHECK(again == count);

    /* Each action's verdict, and a transition by name, as the JSON entry. */
    const char *nows[] = {"2026-11-23T09:30:00Z", "2026-11-27T09:00:00Z"};
    const int64_t now_seconds[] = {EARLY, LATE};
    for (size_t n = 0; n < 2; n++) {
        CHECK_STATUS(leadrules_engine_actions_prepared(engine, partner, pending, now_seconds[n], verdicts, count, &again),
                     LEADRULES_STATUS_OK);
        for (size_t a = 0; a < count; a++) {
            char action[64];
            snprintf(action, sizeof action, "%.*s", (int)names[a].name_len, (const char *)names[a].name);
            leadrules_verdict one;
            CHECK_STATUS(leadrules_engine_transition_prepared(engine, partner, pending, names[a].name,
                                                              names[a].name_len, now_seconds[n], &one),
                         LEADRULES_STATUS_OK);
            int json = json_allows(engine, action, "pending", nows[n]);
            CHECK(json == (int)one.allowed);
            /* `actions` looks at no form field; a transition does. */
            if (one.allowed) CHECK(verdicts[a].allowed);
        }
    }
    leadrules_verdict accept;
    CHECK_STATUS(leadrules_engine_transition_prepared(engine, partner, pending, S("accept"), EARLY, &accept),
                 LEADRULES_STATUS_OK);
    CHECK(accept.allowed);
    CHECK_STATUS(leadrules_engine_transition_prepared(engine, partner, pending, S("accept"), LATE, &accept),
                 LEADRULES_STATUS_OK);
    CHECK(!accept.allowed && accept.reason_count > 0);

    /* A page of 50 leads: each row equals the lead's single `actions`. */
    enum { PAGE = 50 };
    leadrules_prepared_workflow_lead *leads[PAGE];
    const char *stages[] = {"pending", "accepted", "pending", "closed_converted"};
    char ids[PAGE][8];
    for (size_t i = 0; i < PAGE; i++) {
        snprintf(ids[i], sizeof ids[i], "L%zu", i);
        leadrules_workflow_lead_in in = offer(ids[i], stages[i % 4]);
        if (i % 4 == 1) in.accepted_at = CREATED + 86400;
        leads[i] = leadrules_engine_prepare_workflow_lead(engine, S("partner_lead"), &in);
        CHECK(leads[i] != NULL);
    }
    size_t per_lead = (count + 63) / 64, words = 0;
    CHECK_STATUS(leadrules_engine_actions_many(engine, partner, (const leadrules_prepared_workflow_lead *const *)leads,
                                               PAGE, EARLY, NULL, 0, &words),
                 LEADRULES_STATUS_OK);
    CHECK(words == PAGE * per_lead);
    uint64_t *grid = calloc(words, sizeof *grid);
    CHECK_STATUS(leadrules_engine_actions_many(engine, partner, (const leadrules_prepared_workflow_lead *const *)leads,
                                               PAGE, EARLY, grid, words, &words),
                 LEADRULES_STATUS_OK);
    for (size_t i = 0; i < PAGE; i++) {
        CHECK_STATUS(leadrules_engine_actions_prepared(engine, partner, leads[i], EARLY, verdicts, count, &again),
                     LEADRULES_STATUS_OK);
        for (size_t a = 0; a < count; a++) {
            int bit = (int)((grid[i * per_lead + a / 64] >> (a % 64)) & 1);
            CHECK(bit == (int)verdicts[a].allowed);
        }
    }

    /* Errors of the page: a workflow that reads the time with no `now`, a
     * NULL lead, a short array (the size only). */
    CHECK_STATUS(leadrules_engine_actions_many(engine, partner, (const leadrules_prepared_workflow_lead *const *)leads,
                                               PAGE, LEADRULES_NO_TIME, grid, words, &words),
                 LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(path_is("now"));
    const leadrules_prepared_workflow_lead *holey[] = {pending, NULL};
    CHECK_STATUS(leadrules_engine_actions_many(engine, partner, holey, 2, EARLY, grid, words, &words),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    uint64_t small[1] = {0};
    size_t needed = 0;
    CHECK_STATUS(leadrules_engine_actions_many(engine, partner, (const leadrules_prepared_workflow_lead *const *)leads,
                                               2, EARLY, small, 1, &needed),
                 LEADRULES_STATUS_BUFFER_TOO_SMALL);
    CHECK(needed == 2 * per_lead && small[0] == 0);

    /* Preparing reports the record's own errors at their paths. */
    leadrules_workflow_lead_in bad = offer("L1", "nowhere");
    CHECK(leadrules_engine_prepare_workflow_lead(engine, S("partner_lead"), &bad) == NULL);
    CHECK(leadrules_last_error_status() == LEADRULES_STATUS_UNKNOWN_STAGE && path_is("lead.stage"));
    CHECK(leadrules_engine_prepare_workflow_lead(engine, S("no_such_flow"), &pending_in) == NULL);
    CHECK(leadrules_last_error_status() == LEADRULES_STATUS_UNKNOWN_WORKFLOW && path_is("workflow"));
    bad = offer("L1", "pending");
    bad.created_at = INT64_MAX;
    CHECK(leadrules_engine_prepare_workflow_lead(engine, S("partner_lead"), &bad) == NULL);
    CHECK(leadrules_last_error_status() == LEADRULES_STATUS_INVALID_TIMESTAMP && path_is("lead.created_at"));
    leadrules_actor_in no_role = actor_in("p7", "acme", "captain");
    CHECK(leadrules_engine_prepare_actor(engine, &no_role) == NULL);
    CHECK(leadrules_last_error_status() == LEADRULES_STATUS_UNKNOWN_ROLE && path_is("actor.role"));
    leadrules_actor_in blank = actor_in(" ", "acme", "manager");
    CHECK(leadrules_engine_prepare_actor(engine, &blank) == NULL);
    CHECK(leadrules_last_error_status() == LEADRULES_STATUS_INVALID_REQUEST && path_is("actor.id"));
    CHECK_STATUS(leadrules_engine_transition_prepared(engine, partner, pending, S("fly"), EARLY, &accept),
                 LEADRULES_STATUS_UNKNOWN_ACTION);

    for (size_t i = 0; i < PAGE; i++) leadrules_prepared_workflow_lead_free(leads[i]);
    free(grid);
    free(verdicts);
    free(names);
    leadrules_prepared_workflow_lead_free(pending);
    leadrules_prepared_actor_free(partner);
}

static void test_misuse(const leadrules_engine *engine) {
    leadrules_engine *other = NULL;
    CHECK_STATUS(leadrules_engine_new(S(CONFIG), &other), LEADRULES_STATUS_OK);
    leadrules_actor_in in = actor_in("u1", "north", "professional");
    leadrules_prepared_actor *mine = leadrules_engine_prepare_actor(engine, &in);
    leadrules_prepared_actor *theirs = leadrules_engine_prepare_actor(other, &in);
    leadrules_edited_lead lead_in = {(const uint8_t *)"L1", 2, org(engine, "north"), NULL, 0, NULL, 0, false};
    leadrules_prepared_lead *lead = leadrules_engine_prepare_lead(engine, &lead_in);
    leadrules_verdict v;
    leadrules_transfer_verdict tv;

    /* A handle of another engine, built from the same config. */
    CHECK_STATUS(leadrules_engine_check_edit_prepared(engine, theirs, lead, &v), LEADRULES_STATUS_FOREIGN_HANDLE);
    CHECK(path_is("actor"));
    CHECK_STATUS(leadrules_engine_check_edit_prepared(other, theirs, lead, &v), LEADRULES_STATUS_FOREIGN_HANDLE);
    CHECK(path_is("lead"));
    const leadrules_prepared_lead *page[] = {lead};
    uint8_t allowed[1];
    CHECK_STATUS(leadrules_engine_can_edit_many(other, theirs, page, 1, allowed), LEADRULES_STATUS_FOREIGN_HANDLE);
    CHECK(path_is("leads[0]"));

    /* NULLs and bad numbers. */
    CHECK_STATUS(leadrules_engine_check_edit_prepared(NULL, mine, lead, &v), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_check_edit_prepared(engine, NULL, lead, &v), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_check_edit_prepared(engine, mine, NULL, &v), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_check_edit_prepared(engine, mine, lead, NULL), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_check_transfer_prepared(engine, 7, mine, lead, 0, &tv),
                 LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK_STATUS(leadrules_engine_check_transfer_prepared(engine, LEADRULES_ROUTE_HANDOVER, mine, lead, 999, &tv),
                 LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK_STATUS(leadrules_engine_can_edit_many(engine, mine, NULL, 1, allowed), LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_can_edit_many(engine, mine, page, 1, NULL), LEADRULES_STATUS_NULL_ARGUMENT);
    size_t words = 0;
    CHECK_STATUS(leadrules_engine_actions_many(engine, mine, NULL, 0, LEADRULES_NO_TIME, NULL, 0, &words),
                 LEADRULES_STATUS_OK);
    CHECK(words == 0);
    CHECK_STATUS(leadrules_engine_actions_many(engine, mine, NULL, 0, LEADRULES_NO_TIME, NULL, 0, NULL),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(leadrules_engine_prepare_actor(engine, NULL) == NULL);
    CHECK(leadrules_last_error_status() == LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(leadrules_engine_prepare_actor(NULL, &in) == NULL);
    leadrules_actor_in not_utf8 = in;
    not_utf8.id = (const uint8_t *)"\xff";
    not_utf8.id_len = 1;
    CHECK(leadrules_engine_prepare_actor(engine, &not_utf8) == NULL);
    CHECK(leadrules_last_error_status() == LEADRULES_STATUS_INVALID_UTF8);
    leadrules_edited_lead bad_org = lead_in;
    bad_org.org = 999;
    CHECK(leadrules_engine_prepare_lead(engine, &bad_org) == NULL);
    CHECK(leadrules_last_error_status() == LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK(leadrules_engine_prepare_workflow_lead(engine, NULL, 0, NULL) == NULL);
    CHECK(leadrules_last_error_status() == LEADRULES_STATUS_NULL_ARGUMENT);

    /* Freeing NULL is a no-op. */
    leadrules_prepared_actor_free(NULL);
    leadrules_prepared_lead_free(NULL);
    leadrules_prepared_workflow_lead_free(NULL);

    leadrules_prepared_lead_free(lead);
    leadrules_prepared_actor_free(theirs);
    leadrules_prepared_actor_free(mine);
    leadrules_engine_free(other);
}

int main(void) {
    leadrules_engine *engine = NULL;
    CHECK_STATUS(leadrules_engine_new(S(CONFIG), &engine), LEADRULES_STATUS_OK);
    if (engine == NULL) return 1;
    test_transfer_and_edit(engine);
    test_workflow(engine);
    test_misuse(engine);
    leadrules_engine_free(engine);
    printf("test_prepared: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
