// CZlib: zlib's inflate, for reading .gz data files. Not API: only MKCore/Data/Load imports it.
#ifndef MK_CZLIB_SHIM_H
#define MK_CZLIB_SHIM_H
#include <zlib.h>
#endif
