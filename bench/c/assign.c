/*
 * assign.c: assignment from C (BENCHMARKS.md's target: the C typed batch
 * within 1.2x of Rust's typed `assign_many`).
 *
 * The fixture of core/benches/common/assign.rs: 20 rules (the leads match
 * the last), a pool `inside` of 50 members of north. Times
 * leadrules_engine_assign_many over 10,000 web leads (every member
 * eligible, cursor unset), with room for every skipped member, and
 * leadrules_engine_assign for one lead (cursor at the 25th member, the
 * two after it away and at capacity). Method: the answers are checked,
 * warmed up, then the median of REPEATS runs with CLOCK_MONOTONIC.
 *
 * The batch is timed twice. First as the process starts, with glibc's
 * malloc as it comes: a batch allocates a few MB (the answers, the leads
 * read, their fields), and glibc gives memory at the top of its heap back
 * to the system when more than its trim threshold is free (twice the
 * largest block freed so far), so every call frees its MB, and the next
 * faults them in again, page by page, in the kernel. Then with the
 * allocator keeping what it has (mallopt), as criterion's run of the
 * assignment benches finds it (the benches before the batch leave glibc's
 * threshold above what a batch frees; the Rust batch run alone faults as
 * this one does): the same work without the page faults, the figure to
 * compare with Rust's. The minor page faults of a call are printed for
 * both.
 * Built by `make bench` (from the repository root):
 *
 *   cargo build --release -p leadrules-ffi
 *   gcc -O2 -std=c11 -Wall -Wextra -Werror -Iinclude bench/c/assign.c \
 *       -o build/bench_assign_c target/release/libleadrules.a -lpthread -ldl -lm
 */
#define _POSIX_C_SOURCE 200809L

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "leadrules.h"

#define REPEATS 11
#define RULES 20
#define MEMBERS 50
#define BATCH 10000
#define SINGLE_CALLS 20000

#define TEXT(s) (const uint8_t *)(s), strlen(s)

static volatile size_t sink;

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* Minor page faults of this process so far. */
static long faults(void) {
    struct rusage usage;
    return getrusage(RUSAGE_SELF, &usage) == 0 ? usage.ru_minflt : 0;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Rules r0-r18 test a source the leads lack and a budget; `web` takes them. */
static char *config(void) {
    size_t room = 8192, used = 0;
    char *out = malloc(room);
    if (out == NULL) {
        return NULL;
    }
    used += (size_t)snprintf(out + used, room - used, "{\"orgs\": [{\"id\": \"hq\"}, {\"id\": \"north\", \"parent\": "
                                                      "\"hq\"}, {\"id\": \"south\", \"parent\": \"hq\"}], \"policy\": "
                                                      "{\"assignment\": {\"rules\": [");
    for (int i = 0; i < RULES - 1; i++) {
        used += (size_t)snprintf(out + used, room - used,
                                 "{\"id\": \"r%d\", \"pools\": [\"p%d\"], \"strategy\": \"round_robin\", \"when\": "
                                 "[{\"field\": \"source\", \"equals\": \"s%d\"}, {\"field\": \"budget\", \"min\": "
                                 "1000}]}, ",
                                 i, i, i);
    }
    snprintf(out + used, room - used,
             "{\"id\": \"web\", \"pools\": [\"inside\"], \"strategy\": \"round_robin\", \"when\": [{\"field\": "
             "\"source\", \"equals\": \"web\"}]}]}}}");
    return out;
}

int main(void) {
    char *text = config();
    leadrules_engine *engine = NULL;
    uint32_t north = 0, pro = 0;
    if (text == NULL || leadrules_engine_new((const uint8_t *)text, strlen(text), &engine) != LEADRULES_STATUS_OK ||
        leadrules_engine_org(engine, TEXT("north"), &north) != LEADRULES_STATUS_OK ||
        leadrules_engine_role(engine, TEXT("professional"), &pro) != LEADRULES_STATUS_OK) {
        fprintf(stderr, "setup: %s\n", leadrules_last_error_json());
        return 1;
    }
    free(text);
    static char member_ids[MEMBERS][8];
    static char lead_ids[BATCH][8];
    static leadrules_member members[MEMBERS];
    static leadrules_member busy[MEMBERS];
    static leadrules_assign_lead leads[BATCH];
    static leadrules_assignment answers[BATCH];
    static leadrules_skipped skipped[MEMBERS + 1];
    const leadrules_field fields[3] = {
        {TEXT("source"), LEADRULES_FIELD_TEXT, TEXT("web"), 0, false},
        {TEXT("budget"), LEADRULES_FIELD_NUMBER, NULL, 0, 500.0, false},
        {TEXT("country"), LEADRULES_FIELD_TEXT, TEXT("IN"), 0, false},
    };
    for (int i = 0; i < MEMBERS; i++) {
        int n = snprintf(member_ids[i], sizeof member_ids[i], "u%d", i);
        leadrules_member m = {(const uint8_t *)member_ids[i], (size_t)n, TEXT("north"), pro, true, false, NULL, 0, 0,
                              LEADRULES_NO_CAPACITY, 1, NULL, 0};
        members[i] = m;
        busy[i] = m;
    }
    busy[25].away = true;
    busy[26].open_leads = 10;
    busy[26].capacity = 10;
    for (int i = 0; i < BATCH; i++) {
        int n = snprintf(lead_ids[i], sizeof lead_ids[i], "B%d", i);
        leadrules_assign_lead lead = {(const uint8_t *)lead_ids[i], (size_t)n, north, fields, 3};
        leads[i] = lead;
    }
    const leadrules_pool open[1] = {{TEXT("inside"), NULL, 0, members, MEMBERS}};
    const leadrules_pool pools[1] = {{TEXT("inside"), TEXT("u24"), busy, MEMBERS}};
    /* Every member eligible: no lead skips one; room for all the same. */
    static leadrules_skipped batch_skipped[BATCH];
    size_t skipped_count = 0;
    uint32_t cursor = 0;
    leadrules_assignment one;

    /* The answers this bench is built for. */
    if (leadrules_engine_assign_many(engine, leads, BATCH, open, 1, LEADRULES_NO_TIME, answers, BATCH, batch_skipped,
                                     BATCH, &skipped_count, &cursor, 1) != LEADRULES_STATUS_OK ||
        !answers[BATCH - 1].allowed || answers[BATCH - 1].assignee != (BATCH - 1) % MEMBERS || skipped_count != 0 ||
        leadrules_engine_assign(engine, &leads[0], pools, 1, LEADRULES_NO_TIME, &one, skipped, MEMBERS + 1) !=
            LEADRULES_STATUS_OK ||
        !one.allowed || one.assignee != 27 || one.skipped_count != 2) {
        fprintf(stderr, "unexpected answer: %s\n", leadrules_last_error_json());
        return 1;
    }

    /* The batch, REPEATS times: its median, and the minor page faults of a call. */
#define TIME_BATCH(median, faulted)                                                                                  \
    do {                                                                                                            \
        double samples_[REPEATS];                                                                                   \
        long before_ = faults();                                                                                    \
        for (int r = 0; r < REPEATS; r++) {                                                                         \
            double start = now_ns();                                                                                \
            leadrules_engine_assign_many(engine, leads, BATCH, open, 1, LEADRULES_NO_TIME, answers, BATCH,          \
                                         batch_skipped, BATCH, &skipped_count, &cursor, 1);                         \
            samples_[r] = now_ns() - start;                                                                         \
            sink += answers[BATCH - 1].assignee;                                                                    \
        }                                                                                                           \
        (faulted) = (double)(faults() - before_) / REPEATS;                                                         \
        qsort(samples_, REPEATS, sizeof samples_[0], compare);                                                      \
        (median) = samples_[REPEATS / 2];                                                                           \
    } while (0)

    double batch = 0, batch_faults = 0;
    TIME_BATCH(batch, batch_faults);
    double kept = batch, kept_faults = batch_faults;
#ifdef __GLIBC__
    /* The allocator keeps what it has from here on; one call to settle. */
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    leadrules_engine_assign_many(engine, leads, BATCH, open, 1, LEADRULES_NO_TIME, answers, BATCH, batch_skipped,
                                 BATCH, &skipped_count, &cursor, 1);
    TIME_BATCH(kept, kept_faults);
#endif

    double samples[REPEATS];
    for (int i = 0; i < SINGLE_CALLS / 10; i++) { /* warm-up */
        leadrules_engine_assign(engine, &leads[0], pools, 1, LEADRULES_NO_TIME, &one, skipped, MEMBERS + 1);
    }
    for (int r = 0; r < REPEATS; r++) {
        double start = now_ns();
        for (int i = 0; i < SINGLE_CALLS; i++) {
            leadrules_engine_assign(engine, &leads[0], pools, 1, LEADRULES_NO_TIME, &one, skipped, MEMBERS + 1);
            sink += one.assignee;
        }
        samples[r] = (now_ns() - start) / SINGLE_CALLS;
    }
    qsort(samples, REPEATS, sizeof samples[0], compare);

    printf("method: checked, then the median of %d runs; %d rules, a pool of %d; minor page faults a batch: %.0f with "
           "malloc as it comes, %.0f with memory kept\n\n",
           REPEATS, RULES, MEMBERS, batch_faults, kept_faults);
    printf("| call | median |\n| --- | --- |\n");
    printf("| C typed leadrules_engine_assign_many, %d leads, memory kept between calls | %.3f ms (%.2f M leads/s) |\n",
           BATCH, kept / 1e6, BATCH / kept * 1e3);
    printf("| C typed leadrules_engine_assign_many, %d leads, malloc as it comes | %.3f ms (%.2f M leads/s) |\n", BATCH,
           batch / 1e6, BATCH / batch * 1e3);
    printf("| C typed leadrules_engine_assign, allowed (2 skipped) | %.1f ns |\n", samples[REPEATS / 2]);
    leadrules_engine_free(engine);
    return 0;
}
