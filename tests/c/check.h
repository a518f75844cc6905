/* check.h: the counting check macros of the C test programs. Each test
 * program includes it once and reports `passed` and `failed` at the end. */
#ifndef LEADRULES_TEST_CHECK_H
#define LEADRULES_TEST_CHECK_H

#include <stdio.h>

#include "leadrules.h"

static int passed = 0;
static int failed = 0;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (cond) {                                                        \
            passed++;                                                      \
        } else {                                                           \
            failed++;                                                      \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                  \
    } while (0)

#define CHECK_STATUS(call, expected)                                              \
    do {                                                                          \
        leadrules_status got_ = (call);                                           \
        if (got_ == (leadrules_status)(expected)) {                               \
            passed++;                                                             \
        } else {                                                                  \
            failed++;                                                             \
            fprintf(stderr, "FAIL %s:%d: %s\n  status %s, expected %s (%s)\n",     \
                    __FILE__, __LINE__, #call, leadrules_status_name(got_),       \
                    leadrules_status_name(expected), leadrules_last_error_json()); \
        }                                                                         \
    } while (0)

#endif
