// Cache prefetch hints, which Swift has no way to spell. A hint, unlike a load whose value is
// used, retires at once: the processor does not hold it in flight until the data arrives.
#ifndef SANGLOC_CPREFETCH_H
#define SANGLOC_CPREFETCH_H

/// Asks for the cache line holding `address` to be brought close to the core, to be read soon.
static inline __attribute__((always_inline)) void sangloc_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
