#ifndef SANGLOC_CZLIB_H
#define SANGLOC_CZLIB_H
#include <zlib.h>
#endif
