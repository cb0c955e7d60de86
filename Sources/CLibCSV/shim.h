#ifndef ONBOARD_CLIBCSV_SHIM_H
#define ONBOARD_CLIBCSV_SHIM_H
// libcsv (Debian: libcsv-dev) installs its header at /usr/include/csv.h.
#include <csv.h>
#endif
