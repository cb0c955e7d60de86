#ifndef ONBOARD_CGLIBCMALLOC_SHIM_H
#define ONBOARD_CGLIBCMALLOC_SHIM_H
// glibc's malloc tuning (mallopt, M_ARENA_MAX), which Swift's Glibc module does not carry.
#if defined(__linux__)
#include <malloc.h>
#endif
#endif
