/* match_records.h: a duplicate-detection lead read from the records of
 * tests/c/records.h, as typed_match_keys.c and typed_match_keyed.c take
 * it: the phone, the number of mobiles and each, the email, the number of
 * emails and each, the name, the company. Include after records.h. */
#ifndef LEADRULES_TEST_MATCH_RECORDS_H
#define LEADRULES_TEST_MATCH_RECORDS_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "leadrules.h"

#include "records.h"

/* A count record (decimal); `*ok` false for an absent one. */
static inline size_t count_of(record r, bool *ok) {
    if (r.data == NULL) {
        *ok = false;
        return 0;
    }
    return (size_t)strtoull((const char *)r.data, NULL, 10);
}

/* A list of `count` texts from the next records (NULL when 0). */
static inline leadrules_text *texts(record_list *records, size_t count, bool *ok) {
    if (count == 0) return NULL;
    leadrules_text *list = calloc(count, sizeof *list);
    if (list == NULL) {
        *ok = false;
        return NULL;
    }
    for (size_t i = 0; i < count && *ok; i++) {
        record r = list_next(records, ok);
        list[i].text = r.data;
        list[i].len = r.len;
    }
    return list;
}

/* The lead's fields from the next records; its texts point into them, its
 * lists are freed by `free_match_lead`. */
static inline void read_match_lead(record_list *records, leadrules_match_lead *lead, bool *ok) {
    memset(lead, 0, sizeof *lead);
    record r = list_next(records, ok);
    lead->phone = r.data, lead->phone_len = r.len;
    lead->mobile_count = count_of(list_next(records, ok), ok);
    lead->mobiles = texts(records, lead->mobile_count, ok);
    r = list_next(records, ok);
    lead->email = r.data, lead->email_len = r.len;
    lead->email_count = count_of(list_next(records, ok), ok);
    lead->emails = texts(records, lead->email_count, ok);
    r = list_next(records, ok);
    lead->name = r.data, lead->name_len = r.len;
    r = list_next(records, ok);
    lead->company = r.data, lead->company_len = r.len;
}

static inline void free_match_lead(leadrules_match_lead *lead) {
    free((void *)lead->mobiles);
    free((void *)lead->emails);
}

#endif
