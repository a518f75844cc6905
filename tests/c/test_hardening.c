/* test_hardening.c: hostile input through the C ABI (RELIABILITY.md). Embedded
 * NUL bytes, zero lengths, requests over the documented size limit, nesting
 * deep enough to overflow a recursive parser, ids that are not text, and
 * many threads creating, using and freeing engines at once. Every call must
 * answer with a status (never crash, never write out-params on failure),
 * and every string the library hands out must be exactly its length.
 *
 * Built with -Wall -Wextra -Wpedantic -Werror, run plain, under ASan +
 * UBSan and under valgrind by `make c-test`. */

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char CONFIG[] =
    "{\"orgs\": [{\"id\": \"hq\", \"handover\": true}, {\"id\": \"north\", \"parent\": \"hq\"}]}";

static int streq(const char *a, const char *b) {
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static leadrules_engine *new_engine(void) {
    leadrules_engine *engine = NULL;
    if (leadrules_engine_new((const uint8_t *)CONFIG, strlen(CONFIG), &engine) != LEADRULES_STATUS_OK) {
        fprintf(stderr, "engine_new failed: %s\n", leadrules_last_error_json());
        exit(2);
    }
    return engine;
}

/* Asks `request` (exactly `len` bytes) and checks the contract every answer
 * keeps: on success a string of exactly the reported length; on failure
 * nothing written and a last error in JSON. Returns the status. */
static leadrules_status ask(const leadrules_engine *engine, const char *request, size_t len) {
    char *response = NULL;
    size_t response_len = 12345;
    leadrules_status status =
        leadrules_engine_decide(engine, (const uint8_t *)request, len, &response, &response_len);
    if (status == LEADRULES_STATUS_OK) {
        CHECK(response != NULL && strlen(response) == response_len);
        leadrules_string_free(response);
    } else {
        CHECK(response == NULL && response_len == 12345);
        CHECK(leadrules_last_error_status() == status);
        const char *json = leadrules_last_error_json();
        CHECK(json != NULL && strstr(json, "\"error\"") != NULL);
    }
    return status;
}

static void test_embedded_nul(const leadrules_engine *engine) {
    /* A raw NUL inside a JSON string is a control character: not JSON. */
    static const char raw[] = "{\"kind\": \"hand\0over\"}";
    CHECK_STATUS(ask(engine, raw, sizeof raw - 1), LEADRULES_STATUS_INVALID_JSON);
    /* A NUL after a complete request is trailing garbage, not a terminator. */
    static const char trailing[] = "{\"kind\": \"handover\"}\0{}";
    CHECK_STATUS(ask(engine, trailing, sizeof trailing - 1), LEADRULES_STATUS_INVALID_JSON);
    /* An escaped NUL is a legal character of an id: answered, and written
     * back escaped, so the response is still one C string. */
    static const char escaped[] =
        "{\"kind\": \"handover\", \"actor\": {\"id\": \"u\\u00001\", \"org\": \"north\","
        " \"role\": \"professional\"}, \"lead\": {\"id\": \"L\\u00001\", \"org\": \"north\","
        " \"owner\": \"u\\u00001\"}, \"to\": \"hq\"}";
    char *response = NULL;
    size_t len = 0;
    CHECK_STATUS(leadrules_engine_decide(engine, (const uint8_t *)escaped, strlen(escaped), &response, &len),
                 LEADRULES_STATUS_OK);
    CHECK(response != NULL && strlen(response) == len && strstr(response, "\\u0000") != NULL);
    leadrules_string_free(response);

    /* Ids with NUL bytes through the typed lookups: just ids nobody has. */
    uint32_t index = 77;
    CHECK_STATUS(leadrules_engine_org(engine, (const uint8_t *)"hq\0", 3, &index), LEADRULES_STATUS_UNKNOWN_ORG);
    CHECK_STATUS(leadrules_engine_role(engine, (const uint8_t *)"\0basic", 6, &index),
                 LEADRULES_STATUS_UNKNOWN_ROLE);
    CHECK(index == 77);
    CHECK(streq(leadrules_last_error_path(), ""));

    /* A config holding a raw NUL is refused; one with an escaped NUL id loads. */
    leadrules_engine *other = NULL;
    static const char bad_config[] = "{\"orgs\": [{\"id\": \"a\0b\"}]}";
    CHECK_STATUS(leadrules_engine_new((const uint8_t *)bad_config, sizeof bad_config - 1, &other),
                 LEADRULES_STATUS_INVALID_CONFIG);
    CHECK(other == NULL);
    static const char nul_id_config[] = "{\"orgs\": [{\"id\": \"a\\u0000b\"}]}";
    CHECK_STATUS(leadrules_engine_new((const uint8_t *)nul_id_config, strlen(nul_id_config), &other),
                 LEADRULES_STATUS_OK);
    CHECK_STATUS(leadrules_engine_org(other, (const uint8_t *)"a\0b", 3, &index), LEADRULES_STATUS_OK);
    CHECK(index == 0);
    leadrules_engine_free(other);
}

static void test_zero_lengths(const leadrules_engine *engine) {
    /* A non-NULL pointer with length 0 is the empty string, never read. */
    static const char nothing[] = "";
    CHECK_STATUS(ask(engine, nothing, 0), LEADRULES_STATUS_INVALID_JSON);
    uint32_t index = 77;
    CHECK_STATUS(leadrules_engine_org(engine, (const uint8_t *)nothing, 0, &index), LEADRULES_STATUS_UNKNOWN_ORG);
    CHECK_STATUS(leadrules_engine_role(engine, (const uint8_t *)nothing, 0, &index), LEADRULES_STATUS_UNKNOWN_ROLE);
    CHECK_STATUS(leadrules_engine_stage_code(engine, (const uint8_t *)nothing, 0, (const uint8_t *)nothing, 0, &index),
                 LEADRULES_STATUS_UNKNOWN_WORKFLOW);
    CHECK(index == 77);
    /* A sweep of no rows may pass NULL column arrays. */
    leadrules_lead_columns columns;
    memset(&columns, 0, sizeof columns);
    size_t due_rows[1] = {99};
    size_t due_count = 99;
    int64_t next = 0;
    CHECK_STATUS(leadrules_engine_sweep_columns(engine, (const uint8_t *)"partner_lead", 12, &columns, 0, due_rows,
                                                &due_count, &next),
                 LEADRULES_STATUS_OK);
    CHECK(due_count == 0 && next == LEADRULES_NO_TIME && due_rows[0] == 99);
}

static void test_size_limit(const leadrules_engine *engine) {
    /* One byte over the limit: refused before parsing, whatever the bytes. */
    size_t len = (size_t)LEADRULES_MAX_REQUEST_BYTES + 1;
    char *big = malloc(len);
    CHECK(big != NULL);
    if (big == NULL) {
        return;
    }
    memset(big, ' ', len);
    big[0] = '{';
    big[len - 1] = '}';
    CHECK_STATUS(ask(engine, big, len), LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(streq(leadrules_last_error_path(), ""));
    CHECK(strstr(leadrules_last_error_message(), "16777216") != NULL);
    /* Refused unread: bytes that are not even UTF-8 get the same answer. */
    big[1] = '\xff';
    CHECK_STATUS(ask(engine, big, len), LEADRULES_STATUS_INVALID_REQUEST);
    big[1] = ' ';
    /* At the limit it is read: `{ ... }` is refused only for what it
     * lacks (a kind). */
    big[len - 2] = '}';
    CHECK_STATUS(ask(engine, big, len - 1), LEADRULES_STATUS_INVALID_REQUEST);
    CHECK(strstr(leadrules_last_error_message(), "kind") != NULL);
    free(big);
}

/* `depth` opening brackets (arrays, or objects `{"a":`), then closers. */
static char *nested(size_t depth, int objects, size_t *len_out) {
    const char *open = objects ? "{\"a\":" : "[";
    size_t open_len = strlen(open);
    size_t len = depth * (open_len + 1) + 1;
    char *text = malloc(len + 1);
    if (text == NULL) {
        return NULL;
    }
    size_t at = 0;
    for (size_t i = 0; i < depth; i++) {
        memcpy(text + at, open, open_len);
        at += open_len;
    }
    text[at++] = '1';
    for (size_t i = 0; i < depth; i++) {
        text[at++] = objects ? '}' : ']';
    }
    text[at] = '\0';
    *len_out = at;
    return text;
}

static void test_deep_nesting(const leadrules_engine *engine) {
    /* 127 levels is the deepest JSON the library reads; 128 is too deep. */
    const size_t depths[] = {127, 128, 129, 100000, 1000000};
    for (size_t d = 0; d < sizeof depths / sizeof depths[0]; d++) {
        for (int objects = 0; objects < 2; objects++) {
            size_t len = 0;
            char *text = nested(depths[d], objects, &len);
            CHECK(text != NULL);
            if (text == NULL) {
                continue;
            }
            /* Shallow enough to parse: a request that is no object, or an
             * object without `kind`; deeper: not JSON (the parser's depth
             * limit), never a stack overflow. */
            leadrules_status status = ask(engine, text, len);
            if (depths[d] < 128) {
                CHECK(status == LEADRULES_STATUS_INVALID_REQUEST);
            } else {
                CHECK(status == LEADRULES_STATUS_INVALID_JSON);
            }
            leadrules_engine *other = NULL;
            CHECK_STATUS(leadrules_engine_new((const uint8_t *)text, len, &other), LEADRULES_STATUS_INVALID_CONFIG);
            CHECK(other == NULL);
            free(text);
        }
    }
    /* Deep nesting inside an otherwise good request, where a field is read. */
    size_t len = 0;
    char *deep = nested(200000, 1, &len);
    CHECK(deep != NULL);
    if (deep != NULL) {
        static const char head[] = "{\"kind\": \"handover\", \"actor\": ";
        char *request = malloc(strlen(head) + len + 2);
        CHECK(request != NULL);
        if (request != NULL) {
            memcpy(request, head, strlen(head));
            memcpy(request + strlen(head), deep, len);
            request[strlen(head) + len] = '}';
            CHECK_STATUS(ask(engine, request, strlen(head) + len + 1), LEADRULES_STATUS_INVALID_JSON);
            free(request);
        }
        free(deep);
    }
}

static void test_not_text(const leadrules_engine *engine) {
    /* Overlong encodings, lone surrogates (as UTF-8 bytes), a truncated
     * sequence: refused as UTF-8 before anything is read. */
    static const char *const bad[] = {"\xc0\xaf", "\xed\xa0\x80", "{\"kind\": \"\xe2\x82\"}", "\xff\xfe"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_STATUS(ask(engine, bad[i], strlen(bad[i])), LEADRULES_STATUS_INVALID_UTF8);
        uint32_t index = 77;
        CHECK_STATUS(leadrules_engine_org(engine, (const uint8_t *)bad[i], strlen(bad[i]), &index),
                     LEADRULES_STATUS_INVALID_UTF8);
        CHECK(index == 77);
    }
    /* An escaped lone surrogate is not a character either. */
    static const char surrogate[] = "{\"kind\": \"\\ud800\"}";
    CHECK_STATUS(ask(engine, surrogate, strlen(surrogate)), LEADRULES_STATUS_INVALID_JSON);
}

static void test_errors_are_cleared(const leadrules_engine *engine) {
    CHECK_STATUS(ask(engine, "nope", 4), LEADRULES_STATUS_INVALID_JSON);
    CHECK(leadrules_last_error_message() != NULL);
    uint32_t index = 0;
    CHECK_STATUS(leadrules_engine_org(engine, (const uint8_t *)"hq", 2, &index), LEADRULES_STATUS_OK);
    CHECK(leadrules_last_error_status() == LEADRULES_STATUS_OK);
    /* Numbers the library does not have get a fixed name or NULL. */
    CHECK(streq(leadrules_status_name(UINT32_MAX), "unrecognized_status"));
    CHECK(leadrules_denial_code_name(0) == NULL);
    CHECK(leadrules_denial_code_name(UINT32_MAX) == NULL);
    CHECK(leadrules_engine_org_name(engine, UINT32_MAX) == NULL);
}

/* Each thread builds its own engine, asks good and bad requests of it and
 * of the shared one, checks its own last error, and frees its engine. */
enum { THREADS = 16 };

/* Rounds per thread: 200, or the first argument (valgrind runs fewer). */
static int rounds = 200;

struct worker {
    const leadrules_engine *shared;
    int failures;
};

static void *work(void *arg) {
    struct worker *w = arg;
    static const char good[] =
        "{\"kind\": \"handover\", \"actor\": {\"id\": \"u1\", \"org\": \"north\", \"role\": \"professional\"},"
        " \"lead\": {\"id\": \"L1\", \"org\": \"north\", \"owner\": \"u1\"}, \"to\": \"hq\"}";
    for (int round = 0; round < rounds; round++) {
        leadrules_engine *own = NULL;
        if (leadrules_engine_new((const uint8_t *)CONFIG, strlen(CONFIG), &own) != LEADRULES_STATUS_OK) {
            w->failures++;
            continue;
        }
        const leadrules_engine *engines[2] = {own, w->shared};
        for (int e = 0; e < 2; e++) {
            char *response = NULL;
            size_t len = 0;
            if (leadrules_engine_decide(engines[e], (const uint8_t *)good, strlen(good), &response, &len) !=
                    LEADRULES_STATUS_OK ||
                strlen(response) != len || strstr(response, "\"allowed\":true") == NULL) {
                w->failures++;
            }
            leadrules_string_free(response);
            response = NULL;
            if (leadrules_engine_decide(engines[e], (const uint8_t *)"[", 1, &response, &len) !=
                    LEADRULES_STATUS_INVALID_JSON ||
                response != NULL || leadrules_last_error_status() != LEADRULES_STATUS_INVALID_JSON) {
                w->failures++;
            }
        }
        leadrules_engine_free(own);
    }
    return NULL;
}

static void test_threads(const leadrules_engine *shared) {
    pthread_t threads[THREADS];
    struct worker workers[THREADS];
    int started = 0;
    for (int i = 0; i < THREADS; i++) {
        workers[i].shared = shared;
        workers[i].failures = 0;
        if (pthread_create(&threads[i], NULL, work, &workers[i]) != 0) {
            break;
        }
        started++;
    }
    CHECK(started == THREADS);
    for (int i = 0; i < started; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        CHECK(workers[i].failures == 0);
    }
}

/* Cost finding 11 (RELIABILITY.md#cost): a call that fails inside a pthread
 * key destructor (thread exit, after the library's own thread-locals are
 * destroyed) still records its error, the next call still clears it, and the
 * record left at exit is freed (the sanitized build checks for leaks). */
struct late_call {
    const leadrules_engine *engine;
    int warm; /* call the library before exit, so its thread-locals exist */
    leadrules_status status;
    leadrules_status recorded;
    char json[256];
    char message[128];
    int cleared;
    leadrules_status again;
};

static pthread_key_t late_key;

static void late_destructor(void *arg) {
    struct late_call *call = arg;
    char *response = NULL;
    size_t len = 0;
    call->status = leadrules_engine_decide(call->engine, (const uint8_t *)"[", 1, &response, &len);
    call->recorded = leadrules_last_error_status();
    snprintf(call->json, sizeof call->json, "%s", leadrules_last_error_json());
    uint32_t index = 0;
    call->cleared = leadrules_engine_org(call->engine, (const uint8_t *)"hq", 2, &index) == LEADRULES_STATUS_OK &&
                    leadrules_last_error_status() == LEADRULES_STATUS_OK && streq(leadrules_last_error_json(), "");
    /* A second failure, left recorded when the thread ends. */
    call->again = leadrules_engine_org(call->engine, (const uint8_t *)"atlantis", 8, &index);
    snprintf(call->message, sizeof call->message, "%s", leadrules_last_error_message());
}

static void *late_thread(void *arg) {
    struct late_call *call = arg;
    if (call->warm) {
        char *response = NULL;
        size_t len = 0;
        (void)leadrules_engine_decide(call->engine, (const uint8_t *)"{", 1, &response, &len);
    }
    pthread_setspecific(late_key, call);
    return NULL;
}

static void test_error_in_a_thread_destructor(const leadrules_engine *engine) {
    CHECK(pthread_key_create(&late_key, late_destructor) == 0);
    for (int warm = 1; warm >= 0; warm--) {
        struct late_call call;
        memset(&call, 0, sizeof call);
        call.engine = engine;
        call.warm = warm;
        pthread_t thread;
        CHECK(pthread_create(&thread, NULL, late_thread, &call) == 0);
        CHECK(pthread_join(thread, NULL) == 0);
        CHECK(call.status == LEADRULES_STATUS_INVALID_JSON);
        CHECK(call.recorded == LEADRULES_STATUS_INVALID_JSON);
        CHECK(strstr(call.json, "\"code\":\"invalid_json\"") != NULL);
        CHECK(call.cleared);
        CHECK(call.again == LEADRULES_STATUS_UNKNOWN_ORG);
        CHECK(strstr(call.message, "atlantis") != NULL);
        if (strstr(call.json, "invalid_json") == NULL) {
            fprintf(stderr, "  warm=%d: last error json \"%s\"\n", warm, call.json);
        }
    }
    CHECK(pthread_key_delete(late_key) == 0);
}

int main(int argc, char **argv) {
    if (argc > 1) {
        rounds = atoi(argv[1]);
    }
    leadrules_engine *engine = new_engine();
    test_embedded_nul(engine);
    test_zero_lengths(engine);
    test_size_limit(engine);
    test_deep_nesting(engine);
    test_not_text(engine);
    test_errors_are_cleared(engine);
    test_threads(engine);
    test_error_in_a_thread_destructor(engine);
    leadrules_engine_free(engine);

    printf("test_hardening: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
