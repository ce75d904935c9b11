// The one door from Swift to ICU. This header carries no ICU type and no versioned ICU
// name: status codes are plain int32_t (ICU's UErrorCode values), text is UTF-16 as
// uint16_t, code points are int32_t. Every function names the ICU call it wraps.
#ifndef SANGLOC_CICU_SHIM_H
#define SANGLOC_CICU_SHIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// ICU's U_BUFFER_OVERFLOW_ERROR: retry with the length the call returned.
#define CICU_BUFFER_OVERFLOW 15
/// ICU's U_STRING_NOT_TERMINATED_WARNING (a success when the output exactly fills the buffer).
#define CICU_STRING_NOT_TERMINATED (-124)

/// Normalization forms for `cicu_normalize`.
typedef enum {
    CICU_NFC = 0,
    CICU_NFD = 1,
    CICU_NFKC = 2,
    CICU_NFKC_CASEFOLD = 3,
} cicu_form;

/// Binary properties for `cicu_has_property`.
typedef enum {
    CICU_DEFAULT_IGNORABLE = 0,
    CICU_EXTENDED_PICTOGRAPHIC = 1,
    CICU_EMOJI = 2,
    CICU_EMOJI_COMPONENT = 3,
    CICU_REGIONAL_INDICATOR = 4,
    CICU_ALPHABETIC = 5,
    CICU_WHITE_SPACE = 6,
} cicu_property;

/// `unorm2_normalize` with the instance for `form`. Returns the output length; when
/// `*status` is CICU_BUFFER_OVERFLOW the return value is the length needed.
int32_t cicu_normalize(int32_t form, const uint16_t *src, int32_t length,
                       uint16_t *dest, int32_t capacity, int32_t *status);

/// `uspoof_getSkeleton` (UTS #39 confusable skeleton) with a process-wide checker.
int32_t cicu_spoof_skeleton(const uint16_t *src, int32_t length,
                            uint16_t *dest, int32_t capacity, int32_t *status);

/// `u_hasBinaryProperty(c, which)`.
int32_t cicu_has_property(int32_t c, int32_t which);

/// `u_getCombiningClass(c)`.
int32_t cicu_combining_class(int32_t c);

/// `u_errorName(status)`: ICU's name for a status code, e.g. "U_ILLEGAL_ARGUMENT_ERROR".
const char *cicu_error_name(int32_t status);

#ifdef __cplusplus
}
#endif

#endif
