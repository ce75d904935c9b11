// ICU's headers are seen here and nowhere else; versioned names (unorm2_normalize_72)
// stay inside this file. See include/cicu_shim.h for the contract of each function.
#include "cicu_shim.h"

#include <pthread.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/utypes.h>

_Static_assert(sizeof(UChar) == sizeof(uint16_t), "UChar is UTF-16");
_Static_assert(U_BUFFER_OVERFLOW_ERROR == CICU_BUFFER_OVERFLOW, "status values agree");
_Static_assert(U_STRING_NOT_TERMINATED_WARNING == CICU_STRING_NOT_TERMINATED, "status values agree");

static const UNormalizer2 *instance(int32_t form, UErrorCode *status) {
    switch (form) {
    case CICU_NFC: return unorm2_getNFCInstance(status);
    case CICU_NFD: return unorm2_getNFDInstance(status);
    case CICU_NFKC: return unorm2_getNFKCInstance(status);
    case CICU_NFKC_CASEFOLD: return unorm2_getNFKCCasefoldInstance(status);
    default: *status = U_ILLEGAL_ARGUMENT_ERROR; return NULL;
    }
}

int32_t cicu_normalize(int32_t form, const uint16_t *src, int32_t length,
                       uint16_t *dest, int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *norm = instance(form, &err);
    int32_t n = 0;
    if (U_SUCCESS(err)) n = unorm2_normalize(norm, (const UChar *)src, length, (UChar *)dest, capacity, &err);
    *status = (int32_t)err;
    return n;
}

static USpoofChecker *checker = NULL;
static UErrorCode checker_status = U_ZERO_ERROR;
static pthread_once_t checker_once = PTHREAD_ONCE_INIT;

static void open_checker(void) { checker = uspoof_open(&checker_status); }

/// One checker for the process, opened once; uspoof_getSkeleton is thread-safe on a
/// checker that is no longer modified.
static USpoofChecker *shared_checker(UErrorCode *status) {
    pthread_once(&checker_once, open_checker);
    if (U_FAILURE(checker_status)) *status = checker_status;
    return checker;
}

int32_t cicu_spoof_skeleton(const uint16_t *src, int32_t length,
                            uint16_t *dest, int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    USpoofChecker *checker = shared_checker(&err);
    int32_t n = 0;
    if (U_SUCCESS(err)) n = uspoof_getSkeleton(checker, 0, (const UChar *)src, length, (UChar *)dest, capacity, &err);
    *status = (int32_t)err;
    return n;
}

int32_t cicu_has_property(int32_t c, int32_t which) {
    UProperty p;
    switch (which) {
    case CICU_DEFAULT_IGNORABLE: p = UCHAR_DEFAULT_IGNORABLE_CODE_POINT; break;
    case CICU_EXTENDED_PICTOGRAPHIC: p = UCHAR_EXTENDED_PICTOGRAPHIC; break;
    case CICU_EMOJI: p = UCHAR_EMOJI; break;
    case CICU_EMOJI_COMPONENT: p = UCHAR_EMOJI_COMPONENT; break;
    case CICU_REGIONAL_INDICATOR: p = UCHAR_REGIONAL_INDICATOR; break;
    case CICU_ALPHABETIC: p = UCHAR_ALPHABETIC; break;
    case CICU_WHITE_SPACE: p = UCHAR_WHITE_SPACE; break;
    default: return 0;
    }
    return u_hasBinaryProperty((UChar32)c, p) ? 1 : 0;
}

int32_t cicu_combining_class(int32_t c) { return (int32_t)u_getCombiningClass((UChar32)c); }

const char *cicu_error_name(int32_t status) { return u_errorName((UErrorCode)status); }

