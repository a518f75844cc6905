/* records.h: the record reader of the typed-vector programs (a Python
 * driver writes each value as "<decimal byte length>\n<bytes>\n", or "-\n"
 * for an absent value, a NULL pointer), the JSON printing their answer
 * lines share, and the case loop of the programs that answer a vector's
 * request twice (the JSON entry and a typed call). Each program includes
 * it once. */
#ifndef LEADRULES_TEST_RECORDS_H
#define LEADRULES_TEST_RECORDS_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadrules.h"

/* One record: `data` NULL for "-". */
typedef struct {
    unsigned char *data;
    size_t len;
} record;

/* Reads one record. Returns 1 on success, 0 at a clean end of input, -1
 * on malformed input. */
static inline int read_record(record *out) {
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

static inline bool is(const record *r, const char *text) {
    return r->data != NULL && r->len == strlen(text) && memcmp(r->data, text, r->len) == 0;
}

/* A record of decimal digits (an optional leading '-') as a number;
 * `absent` for "-". False when the record is not a whole number. */
static inline bool number(const record *r, int64_t absent, int64_t *out) {
    if (r->data == NULL) {
        *out = absent;
        return true;
    }
    char *end = NULL;
    errno = 0;
    long long value = strtoll((const char *)r->data, &end, 10);
    *out = (int64_t)value;
    return r->len > 0 && errno == 0 && end == (const char *)r->data + r->len;
}

/* Prints `len` bytes of UTF-8 as a JSON string (ids and names are host
 * text or the engine's, not NUL-terminated). */
static inline void print_bytes(const unsigned char *text, size_t len) {
    putchar('"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = text[i];
        if (c == '"' || c == '\\') {
            printf("\\%c", c);
        } else if (c < 0x20) {
            printf("\\u%04x", c);
        } else {
            putchar(c);
        }
    }
    putchar('"');
}

/* Prints `text` as a JSON string (org ids are host text). */
static inline void print_string(const char *text) {
    print_bytes((const unsigned char *)text, strlen(text));
}

static inline void print_envelope(const char *lookup) {
    printf("{");
    if (lookup != NULL) {
        printf("\"lookup\":");
        print_string(lookup);
        printf(",");
    }
    printf("\"envelope\":%s}", leadrules_last_error_json());
}

/* Prints a verdict's reasons, `"reasons":[{"code", "org"?}]`, as the
 * JSON entry names them. */
static inline void print_reasons(const leadrules_engine *engine, uint32_t count, const uint32_t *codes,
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

/* Frees `count` records' bytes. */
static inline void free_records(record *records, int count) {
    for (int i = 0; i < count; i++) {
        free(records[i].data);
        records[i].data = NULL;
    }
}

/* Reads `count` records into `records`; answers how many were read, or -1
 * on malformed input. */
static inline int read_records(record *records, int count) {
    for (int i = 0; i < count; i++) {
        if (read_record(&records[i]) != 1) {
            return -1;
        }
    }
    return count;
}

/* Prints a JSON response, or the envelope of the failure. */
static inline void print_json(const leadrules_engine *engine, const record *request) {
    char *response = NULL;
    if (leadrules_engine_decide(engine, request->data, request->len, &response, NULL) == LEADRULES_STATUS_OK) {
        printf("%s", response);
        leadrules_string_free(response);
    } else {
        printf("%s", leadrules_last_error_json());
    }
}

/* The records of one case, read one at a time into a list that grows:
 * a pointer into `items` holds only until the next read (copy a record by
 * value to keep it; its bytes never move). */
typedef struct {
    record *items;
    size_t count;
    size_t room;
} record_list;

/* Reads one more record into `list`, `*out` pointing at it: 1 on success,
 * 0 at a clean end of input, -1 on malformed input. */
static inline int list_read(record_list *list, record **out) {
    *out = NULL;
    if (list->count == list->room) {
        size_t room = list->room == 0 ? 64 : list->room * 2;
        record *grown = room > SIZE_MAX / sizeof *grown ? NULL : realloc(list->items, room * sizeof *grown);
        if (grown == NULL) {
            return -1;
        }
        list->items = grown;
        list->room = room;
    }
    record *r = &list->items[list->count];
    r->data = NULL;
    r->len = 0;
    int got = read_record(r);
    if (got == 1) {
        list->count++;
        *out = r;
    }
    return got;
}

/* The next record by value, absent ("-") and `*ok` false on malformed
 * input or an end of input, or once `*ok` is false. */
static inline record list_next(record_list *list, bool *ok) {
    record *r = NULL;
    if (*ok && list_read(list, &r) != 1) {
        *ok = false;
    }
    record absent = {NULL, 0};
    return r != NULL ? *r : absent;
}

/* Frees the records' bytes and empties the list (keeping its room);
 * `release` frees the room too. */
static inline void list_clear(record_list *list, bool release) {
    free_records(list->items, (int)list->count);
    list->count = 0;
    if (release) {
        free(list->items);
        list->items = NULL;
        list->room = 0;
    }
}

/* One case of a program that answers a request twice: the config, the
 * request text (absent for a case the JSON entry does not answer), the
 * kind, then the records the kind reads (`rest`, grown as they are read). */
typedef struct {
    record config;
    record request;
    record kind;
    record *rest;
    size_t count;
    size_t room;
} typed_case;

/* Reads `n` more records into `c->rest`; false on malformed input (the
 * records read so far stay, for `case_free`). Pointers into `rest` are
 * stable only once the case is read. */
static inline bool case_read(typed_case *c, size_t n) {
    if (n > 10000000 || c->count + n < c->count) {
        return false;
    }
    if (c->count + n > c->room) {
        size_t room = c->count + n + 16;
        record *grown = realloc(c->rest, room * sizeof *grown);
        if (grown == NULL) {
            return false;
        }
        c->rest = grown;
        c->room = room;
    }
    for (size_t i = 0; i < n; i++) {
        c->rest[c->count].data = NULL;
        if (read_record(&c->rest[c->count]) != 1) {
            return false;
        }
        c->count++;
    }
    return true;
}

/* Frees a case's records. */
static inline void case_free(typed_case *c) {
    free(c->config.data);
    free(c->request.data);
    free(c->kind.data);
    free_records(c->rest, (int)c->count);
    free(c->rest);
    memset(c, 0, sizeof *c);
}

/* The case loop: reads each case (its kind's records by `read_rest`,
 * false on malformed input), builds its engine and prints one line,
 *
 *   {"json": <the JSON entry's response or envelope, null without a
 *    request>, "typed": <what `answer` prints>}
 *
 * or {"config": <envelope>} for an engine that does not build. `answer`
 * answers false on malformed input. Answers the exit status: 0 at a clean
 * end, 2 on malformed input (named on stderr by `program`). */
static inline int typed_cases(const char *program, bool (*read_rest)(typed_case *c),
                       bool (*answer)(const leadrules_engine *engine, const typed_case *c)) {
    for (int cases = 0;; cases++) {
        typed_case c;
        memset(&c, 0, sizeof c);
        int got = read_record(&c.config);
        if (got == 0) {
            return 0;
        }
        bool malformed = got < 0 || read_record(&c.request) != 1 || read_record(&c.kind) != 1 ||
                         c.config.data == NULL || c.kind.data == NULL || !read_rest(&c);
        leadrules_engine *engine = NULL;
        if (malformed) {
            /* reported below */
        } else if (leadrules_engine_new(c.config.data, c.config.len, &engine) != LEADRULES_STATUS_OK) {
            printf("{\"config\":%s}\n", leadrules_last_error_json());
        } else {
            printf("{\"json\":");
            if (c.request.data != NULL) {
                print_json(engine, &c.request);
            } else {
                printf("null");
            }
            printf(",\"typed\":");
            malformed = !answer(engine, &c);
            printf("}\n");
            leadrules_engine_free(engine);
        }
        case_free(&c);
        if (malformed) {
            fprintf(stderr, "%s: malformed input after %d cases\n", program, cases);
            return 2;
        }
    }
}

#endif
