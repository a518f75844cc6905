/* Assignment routing from C: one lead and batches over arrays of member
 * structs, answers as indexes into the caller's arrays, the change of
 * owner, and every misuse answered with a status. Compiled -std=c11 -Wall
 * -Wextra -Wpedantic -Werror. */

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadrules.h"

#include "check.h"

#define S(text) (const uint8_t *)(text), strlen(text)

static const char CONFIG[] =
    "{\"orgs\": [{\"id\": \"hq\"}, {\"id\": \"north\", \"parent\": \"hq\"}, {\"id\": \"south\", \"parent\": \"hq\"}],"
    " \"policy\": {\"assignment\": {\"rules\": ["
    "  {\"id\": \"vip\", \"when\": [{\"field\": \"budget\", \"min\": 100000}], \"pools\": [\"senior\"],"
    "   \"strategy\": \"least_loaded\", \"fallthrough\": true},"
    "  {\"id\": \"web\", \"when\": [{\"field\": \"source\", \"equals\": \"web\"}],"
    "   \"pools\": [\"inside\", \"overflow\"], \"strategy\": \"round_robin\"}]}}}";

static uint32_t NORTH, SOUTH, PRO, BASIC, MANAGER;

static leadrules_member member(const char *id) {
    leadrules_member m;
    memset(&m, 0, sizeof m);
    m.id = (const uint8_t *)id;
    m.id_len = strlen(id);
    m.org = (const uint8_t *)"north";
    m.org_len = 5;
    m.role = PRO;
    m.active = true;
    m.capacity = LEADRULES_NO_CAPACITY;
    m.weight = 1;
    return m;
}

static leadrules_field text_field(const char *name, const char *value) {
    leadrules_field f;
    memset(&f, 0, sizeof f);
    f.name = (const uint8_t *)name;
    f.name_len = strlen(name);
    f.kind = LEADRULES_FIELD_TEXT;
    f.text = (const uint8_t *)value;
    f.text_len = strlen(value);
    return f;
}

static leadrules_field number_field(const char *name, double value) {
    leadrules_field f;
    memset(&f, 0, sizeof f);
    f.name = (const uint8_t *)name;
    f.name_len = strlen(name);
    f.kind = LEADRULES_FIELD_NUMBER;
    f.number = value;
    return f;
}

static leadrules_pool pool(const char *name, const char *cursor, const leadrules_member *members, size_t count) {
    leadrules_pool p = {(const uint8_t *)name, strlen(name), (const uint8_t *)cursor, cursor ? strlen(cursor) : 0,
                        members, count};
    return p;
}

static bool same_text(const uint8_t *text, size_t len, const char *expected) {
    return text != NULL && len == strlen(expected) && memcmp(text, expected, len) == 0;
}

static bool last_path_is(const char *path) {
    return strcmp(leadrules_last_error_path(), path) == 0;
}

static bool last_message_has(const char *part) {
    return strstr(leadrules_last_error_message(), part) != NULL;
}

/* Round robin from the cursor: the away member is passed over, the pick
 * is the next one, and the answer names both by index. */
static void test_round_robin(const leadrules_engine *engine) {
    leadrules_member members[4] = {member("u1"), member("u2"), member("u3"), member("u4")};
    members[1].away = true;
    members[1].active = false;
    leadrules_pool pools[1] = {pool("inside", "u1", members, 4)};
    leadrules_field fields[1] = {text_field("source", "web")};
    leadrules_assign_lead lead = {S("L1"), NORTH, fields, 1};
    leadrules_assignment answer;
    leadrules_skipped skipped[8];
    CHECK_STATUS(leadrules_engine_assign(engine, &lead, pools, 1, LEADRULES_NO_TIME, &answer, skipped, 8),
                 LEADRULES_STATUS_OK);
    CHECK(answer.allowed && answer.reason == 0);
    CHECK(same_text(answer.rule, answer.rule_len, "web"));
    CHECK(answer.pool == 0 && answer.assignee == 2);
    CHECK(answer.reason_pool == NULL && answer.reason_pool_len == 0);
    CHECK(answer.skipped_start == 0 && answer.skipped_count == 1);
    CHECK(skipped[0].pool == 0 && skipped[0].member == 1 && skipped[0].reason_count == 2);
    CHECK(skipped[0].reasons[0] == LEADRULES_DENIAL_INACTIVE && skipped[0].reasons[1] == LEADRULES_DENIAL_AWAY);

    /* The cursor on the last member wraps around to the first. */
    pools[0].cursor = (const uint8_t *)"u4";
    CHECK_STATUS(leadrules_engine_assign(engine, &lead, pools, 1, LEADRULES_NO_TIME, &answer, skipped, 8),
                 LEADRULES_STATUS_OK);
    CHECK(answer.allowed && answer.assignee == 0 && answer.skipped_count == 0);

    /* Skipped members counted but not written past the capacity, as
     * snprintf does; a NULL array with capacity 0 asks only the count. */
    pools[0].cursor = NULL;
    pools[0].cursor_len = 0;
    members[0].open_leads = 10;
    members[0].capacity = 10;
    CHECK_STATUS(leadrules_engine_assign(engine, &lead, pools, 1, LEADRULES_NO_TIME, &answer, NULL, 0),
                 LEADRULES_STATUS_OK);
    CHECK(answer.allowed && answer.assignee == 2 && answer.skipped_count == 2);
    memset(skipped, 0xff, sizeof skipped);
    CHECK_STATUS(leadrules_engine_assign(engine, &lead, pools, 1, LEADRULES_NO_TIME, &answer, skipped, 1),
                 LEADRULES_STATUS_OK);
    CHECK(answer.skipped_count == 2);
    CHECK(skipped[0].member == 0 && skipped[0].reason_count == 1 &&
          skipped[0].reasons[0] == LEADRULES_DENIAL_AT_CAPACITY);
    CHECK(skipped[1].pool == UINT32_MAX); /* untouched */
}

/* The denials: no rule, and nobody eligible (naming the last pool tried,
 * which the call may lack). */
static void test_denials(const leadrules_engine *engine) {
    leadrules_member members[2] = {member("u1"), member("u2")};
    members[0].away = true;
    members[1].org = (const uint8_t *)"south";
    leadrules_pool pools[1] = {pool("inside", NULL, members, 2)};
    leadrules_field fields[1] = {text_field("source", "phone")};
    leadrules_assign_lead lead = {S("L2"), NORTH, fields, 1};
    leadrules_assignment answer;
    leadrules_skipped skipped[4];
    CHECK_STATUS(leadrules_engine_assign(engine, &lead, pools, 1, LEADRULES_NO_TIME, &answer, skipped, 4),
                 LEADRULES_STATUS_OK);
    CHECK(!answer.allowed && answer.reason == LEADRULES_DENIAL_NO_RULE_MATCHED);
    CHECK(answer.rule == NULL && answer.rule_len == 0);
    CHECK(answer.pool == LEADRULES_NO_INDEX && answer.assignee == LEADRULES_NO_INDEX && answer.skipped_count == 0);

    fields[0] = text_field("source", "web");
    CHECK_STATUS(leadrules_engine_assign(engine, &lead, pools, 1, LEADRULES_NO_TIME, &answer, skipped, 4),
                 LEADRULES_STATUS_OK);
    CHECK(!answer.allowed && answer.reason == LEADRULES_DENIAL_NO_ELIGIBLE_MEMBER);
    CHECK(same_text(answer.rule, answer.rule_len, "web"));
    CHECK(same_text(answer.reason_pool, answer.reason_pool_len, "overflow"));
    CHECK(answer.pool == LEADRULES_NO_INDEX && answer.assignee == LEADRULES_NO_INDEX);
    CHECK(answer.skipped_count == 2);
    CHECK(skipped[0].member == 0 && skipped[0].reasons[0] == LEADRULES_DENIAL_AWAY);
    CHECK(skipped[1].member == 1 && skipped[1].reasons[0] == LEADRULES_DENIAL_MEMBER_OUTSIDE_ORG);

    /* No pools at all: every pool counts as empty. */
    CHECK_STATUS(leadrules_engine_assign(engine, &lead, NULL, 0, LEADRULES_NO_TIME, &answer, NULL, 0),
                 LEADRULES_STATUS_OK);
    CHECK(!answer.allowed && answer.reason == LEADRULES_DENIAL_NO_ELIGIBLE_MEMBER && answer.skipped_count == 0);
}

/* Least loaded with a member's own `accepts`, then falling through to the
 * next rule when nobody senior is eligible. */
static void test_least_loaded_and_accepts(const leadrules_engine *engine) {
    leadrules_member senior[3] = {member("s1"), member("s2"), member("s3")};
    senior[0].open_leads = 4;
    senior[1].open_leads = 6;
    senior[1].weight = 2; /* 3 per weight: the least loaded */
    senior[2].open_leads = 0;
    senior[2].accepts = (const uint8_t *)"[{\"field\": \"lang\", \"in\": [\"fr\"]}]";
    senior[2].accepts_len = strlen((const char *)senior[2].accepts);
    leadrules_member inside[1] = {member("u1")};
    leadrules_pool pools[2] = {pool("inside", NULL, inside, 1), pool("senior", NULL, senior, 3)};
    leadrules_field fields[3] = {text_field("source", "web"), number_field("budget", 150000),
                                 text_field("lang", "en")};
    leadrules_assign_lead lead = {S("L3"), NORTH, fields, 3};
    leadrules_assignment answer;
    leadrules_skipped skipped[4];
    CHECK_STATUS(leadrules_engine_assign(engine, &lead, pools, 2, LEADRULES_NO_TIME, &answer, skipped, 4),
                 LEADRULES_STATUS_OK);
    CHECK(answer.allowed && same_text(answer.rule, answer.rule_len, "vip"));
    CHECK(answer.pool == 1 && answer.assignee == 1);
    CHECK(answer.skipped_count == 1 && skipped[0].pool == 1 && skipped[0].member == 2 &&
          skipped[0].reasons[0] == LEADRULES_DENIAL_NOT_ACCEPTED);

    /* Every senior member ineligible: `vip` falls through to `web`, and
     * the skipped list holds the senior members first. */
    senior[0].away = true;
    senior[1].weight = 0;
    CHECK_STATUS(leadrules_engine_assign(engine, &lead, pools, 2, LEADRULES_NO_TIME, &answer, skipped, 4),
                 LEADRULES_STATUS_OK);
    CHECK(answer.allowed && same_text(answer.rule, answer.rule_len, "web"));
    CHECK(answer.pool == 0 && answer.assignee == 0 && answer.skipped_count == 3);
    CHECK(skipped[0].member == 0 && skipped[1].member == 1 && skipped[2].member == 2 && skipped[2].pool == 1);
    CHECK(skipped[1].reasons[0] == LEADRULES_DENIAL_ZERO_WEIGHT);

    /* A NULL field counts as missing; `other` values are present. */
    leadrules_field nulls[2] = {text_field("source", "web"), text_field("budget", "")};
    nulls[1].kind = LEADRULES_FIELD_NULL;
    leadrules_assign_lead plain = {S("L4"), NORTH, nulls, 2};
    CHECK_STATUS(leadrules_engine_assign(engine, &plain, pools, 2, LEADRULES_NO_TIME, &answer, skipped, 4),
                 LEADRULES_STATUS_OK);
    CHECK(answer.allowed && same_text(answer.rule, answer.rule_len, "web"));
}

/* A batch rotates as the same leads asked one by one; a denied lead in the
 * middle changes nothing; counts and cursors come back. */
static void test_batch(const leadrules_engine *engine) {
    leadrules_member members[3] = {member("u1"), member("u2"), member("u3")};
    members[0].capacity = 1;
    leadrules_member unused[1] = {member("x1")};
    leadrules_pool pools[2] = {pool("inside", NULL, members, 3), pool("senior", NULL, unused, 1)};
    leadrules_field web[1] = {text_field("source", "web")};
    leadrules_field phone[1] = {text_field("source", "phone")};
    const char *ids[6] = {"B1", "B2", "B3", "B4", "B5", "B6"};
    leadrules_assign_lead leads[6];
    for (int i = 0; i < 6; i++) {
        leadrules_assign_lead lead = {S(ids[i]), NORTH, i == 2 ? phone : web, 1};
        leads[i] = lead;
    }
    leadrules_assignment answers[6];
    leadrules_skipped skipped[16];
    size_t skipped_count = 0;
    uint32_t cursors[2] = {7, 7};
    CHECK_STATUS(leadrules_engine_assign_many(engine, leads, 6, pools, 2, LEADRULES_NO_TIME, answers, 6, skipped,
                                              16, &skipped_count, cursors, 2),
                 LEADRULES_STATUS_OK);
    /* u1 takes B1 and is then at capacity; B3 matches no rule. */
    uint32_t expected[6] = {0, 1, LEADRULES_NO_INDEX, 2, 1, 2};
    for (int i = 0; i < 6; i++) {
        CHECK(answers[i].assignee == expected[i]);
        CHECK(answers[i].allowed == (i != 2));
    }
    CHECK(answers[2].reason == LEADRULES_DENIAL_NO_RULE_MATCHED);
    /* B5 starts after u3 (B4's pick), passes u1 at capacity. */
    CHECK(answers[4].skipped_count == 1 && skipped[answers[4].skipped_start].member == 0 &&
          skipped[answers[4].skipped_start].reasons[0] == LEADRULES_DENIAL_AT_CAPACITY);
    CHECK(skipped_count == answers[5].skipped_start + answers[5].skipped_count);
    CHECK(cursors[0] == 2 && cursors[1] == LEADRULES_NO_INDEX);

    /* The same leads one by one, each answer applied by the host. */
    leadrules_member alone[3] = {member("u1"), member("u2"), member("u3")};
    alone[0].capacity = 1;
    leadrules_pool one[2] = {pool("inside", NULL, alone, 3), pool("senior", NULL, unused, 1)};
    for (int i = 0; i < 6; i++) {
        leadrules_assignment answer;
        CHECK_STATUS(leadrules_engine_assign(engine, &leads[i], one, 2, LEADRULES_NO_TIME, &answer, NULL, 0),
                     LEADRULES_STATUS_OK);
        CHECK(answer.assignee == answers[i].assignee && answer.skipped_count == answers[i].skipped_count);
        if (answer.allowed) {
            alone[answer.assignee].open_leads++;
            one[0].cursor = alone[answer.assignee].id;
            one[0].cursor_len = alone[answer.assignee].id_len;
        }
    }

    /* An empty batch answers nothing and leaves every cursor. */
    CHECK_STATUS(leadrules_engine_assign_many(engine, NULL, 0, pools, 2, LEADRULES_NO_TIME, NULL, 0, NULL, 0,
                                              &skipped_count, cursors, 2),
                 LEADRULES_STATUS_OK);
    CHECK(skipped_count == 0 && cursors[0] == LEADRULES_NO_INDEX && cursors[1] == LEADRULES_NO_INDEX);
}

static void test_change_owner(const leadrules_engine *engine) {
    leadrules_actor manager = {S("m1"), NORTH, MANAGER};
    leadrules_actor to = {S("u7"), NORTH, PRO};
    leadrules_edited_lead lead = {S("L9"), NORTH, S("u1"), S("b1"), false};
    leadrules_verdict verdict;
    CHECK_STATUS(leadrules_engine_check_change_owner(engine, &manager, &lead, &to, &verdict), LEADRULES_STATUS_OK);
    CHECK(verdict.allowed && verdict.reason_count == 0);

    /* A basic user in another org giving the lead to its owner, in south. */
    leadrules_actor basic = {S("b1"), SOUTH, BASIC};
    leadrules_actor owner = {S("u1"), SOUTH, BASIC};
    CHECK_STATUS(leadrules_engine_check_change_owner(engine, &basic, &lead, &owner, &verdict), LEADRULES_STATUS_OK);
    CHECK(!verdict.allowed && verdict.reason_count == 6);
    CHECK(verdict.reasons[0] == LEADRULES_DENIAL_CAPABILITY_REQUIRED);
    CHECK(verdict.reasons[1] == LEADRULES_DENIAL_NOT_IN_LEAD_ORG && verdict.reason_orgs[1] == NORTH);
    CHECK(verdict.reasons[2] == LEADRULES_DENIAL_NOT_LEAD_OWNER);
    CHECK(verdict.reasons[3] == LEADRULES_DENIAL_ASSIGNEE_OUTSIDE_ORG);
    CHECK(verdict.reasons[4] == LEADRULES_DENIAL_ASSIGNEE_NOT_LICENSED);
    CHECK(verdict.reasons[5] == LEADRULES_DENIAL_SAME_OWNER);

    /* Misuse and request errors. */
    CHECK_STATUS(leadrules_engine_check_change_owner(engine, &manager, &lead, NULL, &verdict),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    leadrules_actor blank = {S(" "), NORTH, PRO};
    CHECK_STATUS(leadrules_engine_check_change_owner(engine, &manager, &lead, &blank, &verdict),
                 LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(last_path_is("to.id"));
    leadrules_actor nowhere = {S("u7"), 99, PRO};
    CHECK_STATUS(leadrules_engine_check_change_owner(engine, &manager, &lead, &nowhere, &verdict),
                 LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK(last_message_has("to.org"));
}

/* Every misuse is a status, the field named; nothing is written. */
static void test_bad_input(const leadrules_engine *engine) {
    leadrules_member members[2] = {member("u1"), member("u2")};
    leadrules_pool pools[1] = {pool("inside", NULL, members, 2)};
    leadrules_field fields[1] = {text_field("source", "web")};
    leadrules_assign_lead lead = {S("L1"), NORTH, fields, 1};
    leadrules_assignment answer;
    leadrules_assignment untouched;
    memset(&answer, 0x5a, sizeof answer);
    memcpy(&untouched, &answer, sizeof answer);
    leadrules_skipped skipped[2];
#define ASSIGN(status) \
    CHECK_STATUS(leadrules_engine_assign(engine, &lead, pools, 1, LEADRULES_NO_TIME, &answer, skipped, 2), status)

    CHECK_STATUS(leadrules_engine_assign(NULL, &lead, pools, 1, LEADRULES_NO_TIME, &answer, skipped, 2),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_assign(engine, NULL, pools, 1, LEADRULES_NO_TIME, &answer, skipped, 2),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_assign(engine, &lead, NULL, 1, LEADRULES_NO_TIME, &answer, skipped, 2),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_assign(engine, &lead, pools, 1, LEADRULES_NO_TIME, NULL, skipped, 2),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_assign(engine, &lead, pools, 1, LEADRULES_NO_TIME, &answer, NULL, 2),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(last_message_has("skipped_out"));
    CHECK_STATUS(leadrules_engine_assign(engine, &lead, pools, 1, INT64_MAX, &answer, skipped, 2),
                 LEADRULES_STATUS_INVALID_TIMESTAMP);
    CHECK(last_path_is("now"));

    /* The lead. */
    lead.id_len = 0;
    ASSIGN(LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(last_path_is("lead.id"));
    lead.id_len = 2;
    lead.org = 42;
    ASSIGN(LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK(last_message_has("lead.org") && last_path_is(""));
    lead.org = NORTH;
    lead.fields = NULL;
    ASSIGN(LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(last_message_has("lead.fields"));
    lead.fields = fields;
    fields[0].kind = 9;
    ASSIGN(LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK(last_message_has("lead.fields[0].kind"));
    fields[0] = number_field("budget", NAN);
    ASSIGN(LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK(last_message_has("lead.fields[0].number"));
    fields[0] = text_field("source", "\xff\xfe");
    ASSIGN(LEADRULES_STATUS_INVALID_UTF8);
    CHECK(last_message_has("lead.fields[0].text"));
    fields[0] = text_field("source", "web");
    fields[0].text = NULL;
    ASSIGN(LEADRULES_STATUS_NULL_ARGUMENT);
    fields[0] = text_field("source", "web");

    /* The pools and their members, at the protocol's paths. */
    members[1].id = (const uint8_t *)"u1";
    ASSIGN(LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(last_path_is("pools.inside.members[1].id") && last_message_has("appears twice"));
    members[1].id = (const uint8_t *)"\xc3\x28";
    ASSIGN(LEADRULES_STATUS_INVALID_UTF8);
    CHECK(last_message_has("pools[0].members[1].id"));
    members[1].id = NULL;
    ASSIGN(LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(last_message_has("pools[0].members[1].id"));
    members[1] = member("u2");
    members[1].org_len = 0;
    ASSIGN(LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(last_path_is("pools.inside.members[1].org"));
    members[1] = member("u2");
    members[1].role = 1000;
    ASSIGN(LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK(last_message_has("pools[0].members[1].role"));
    members[1] = member("u2");
    members[1].calendar = (const uint8_t *)"office";
    members[1].calendar_len = 6;
    ASSIGN(LEADRULES_STATUS_UNKNOWN_CALENDAR);
    CHECK(last_path_is("pools.inside.members[1].calendar"));
    members[1] = member("u2");
    members[1].accepts = (const uint8_t *)"[{\"field\": \"lang\", \"in\": 3}]";
    members[1].accepts_len = strlen((const char *)members[1].accepts);
    ASSIGN(LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(last_path_is("pools.inside.members[1].accepts[0].in"));
    members[1].accepts = (const uint8_t *)"[{";
    members[1].accepts_len = 2;
    ASSIGN(LEADRULES_STATUS_INVALID_JSON);
    CHECK(last_path_is("pools.inside.members[1].accepts"));
    members[1] = member("u2");
    pools[0].cursor = (const uint8_t *)"  ";
    pools[0].cursor_len = 2;
    ASSIGN(LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(last_path_is("pools.inside.cursor"));
    pools[0] = pool("inside", NULL, NULL, 2);
    ASSIGN(LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK(last_message_has("pools[0].members"));
    pools[0] = pool("inside", NULL, members, 2);
    leadrules_pool twice[2] = {pool("inside", NULL, members, 1), pool("inside", NULL, members + 1, 1)};
    CHECK_STATUS(leadrules_engine_assign(engine, &lead, twice, 2, LEADRULES_NO_TIME, &answer, skipped, 2),
                 LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK(last_message_has("pools[1].name"));
    CHECK(memcmp(&answer, &untouched, sizeof answer) == 0);
#undef ASSIGN

    /* The batch's buffers and leads. */
    leadrules_assign_lead leads[2] = {lead, lead};
    leadrules_assignment answers[2];
    size_t count = 0;
    uint32_t cursors[1];
    CHECK_STATUS(leadrules_engine_assign_many(engine, leads, 2, pools, 1, LEADRULES_NO_TIME, answers, 1, skipped,
                                              2, &count, cursors, 1),
                 LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK(last_message_has("assignments_capacity"));
    CHECK_STATUS(leadrules_engine_assign_many(engine, leads, 2, pools, 1, LEADRULES_NO_TIME, answers, 2, skipped,
                                              2, &count, cursors, 0),
                 LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK(last_message_has("cursors_capacity"));
    CHECK_STATUS(leadrules_engine_assign_many(engine, leads, 2, pools, 1, LEADRULES_NO_TIME, answers, 2, skipped,
                                              2, NULL, cursors, 1),
                 LEADRULES_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(leadrules_engine_assign_many(engine, leads, 2, pools, 1, LEADRULES_NO_TIME, answers, 2, skipped,
                                              2, &count, cursors, 1),
                 LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(last_path_is("leads[1].id") && last_message_has("appears twice"));
    leads[1].id = (const uint8_t *)"L2";
    leads[1].org = 77;
    CHECK_STATUS(leadrules_engine_assign_many(engine, leads, 2, pools, 1, LEADRULES_NO_TIME, answers, 2, skipped,
                                              2, &count, cursors, 1),
                 LEADRULES_STATUS_INVALID_PARAMETER);
    CHECK(last_message_has("leads[1].org"));

    /* Over a million lead-member pairs is refused at `leads`. */
    size_t many = 1001, pool_size = 1000;
    leadrules_assign_lead *big = calloc(many, sizeof *big);
    leadrules_member *crowd = calloc(pool_size, sizeof *crowd);
    char (*names)[16] = calloc(many, sizeof *names);
    leadrules_assignment *out = calloc(many, sizeof *out);
    if (big != NULL && crowd != NULL && names != NULL && out != NULL) {
        for (size_t i = 0; i < many; i++) {
            int n = snprintf(names[i], sizeof names[i], "id%zu", i);
            leadrules_assign_lead one = {(const uint8_t *)names[i], (size_t)n, NORTH, NULL, 0};
            big[i] = one;
            if (i < pool_size) {
                crowd[i] = member(names[i]);
            }
        }
        leadrules_pool huge[1] = {pool("inside", NULL, crowd, pool_size)};
        CHECK_STATUS(leadrules_engine_assign_many(engine, big, many, huge, 1, LEADRULES_NO_TIME, out, many, NULL, 0,
                                                  &count, cursors, 1),
                     LEADRULES_STATUS_INVALID_REQUEST);
        CHECK(last_path_is("leads"));
        CHECK_STATUS(leadrules_engine_assign_many(engine, big, many - 1, huge, 1, LEADRULES_NO_TIME, out, many, NULL,
                                                  0, &count, cursors, 1),
                     LEADRULES_STATUS_OK);
    } else {
        CHECK(!"out of memory");
    }
    free(big);
    free(crowd);
    free(names);
    free(out);
}

int main(void) {
    leadrules_engine *engine = NULL;
    CHECK_STATUS(leadrules_engine_new((const uint8_t *)CONFIG, strlen(CONFIG), &engine), LEADRULES_STATUS_OK);
    if (engine == NULL) {
        fprintf(stderr, "%s\n", leadrules_last_error_json());
        return 1;
    }
    CHECK_STATUS(leadrules_engine_org(engine, S("north"), &NORTH), LEADRULES_STATUS_OK);
    CHECK_STATUS(leadrules_engine_org(engine, S("south"), &SOUTH), LEADRULES_STATUS_OK);
    CHECK_STATUS(leadrules_engine_role(engine, S("professional"), &PRO), LEADRULES_STATUS_OK);
    CHECK_STATUS(leadrules_engine_role(engine, S("basic"), &BASIC), LEADRULES_STATUS_OK);
    CHECK_STATUS(leadrules_engine_role(engine, S("manager"), &MANAGER), LEADRULES_STATUS_OK);
    test_round_robin(engine);
    test_denials(engine);
    test_least_loaded_and_accepts(engine);
    test_batch(engine);
    test_change_owner(engine);
    test_bad_input(engine);
    leadrules_engine_free(engine);
    printf("test_assign: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
