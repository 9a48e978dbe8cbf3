// CEditline: libedit's readline-compatible interface. Not API: only the mk executable uses it.
#ifndef MK_CEDITLINE_SHIM_H
#define MK_CEDITLINE_SHIM_H
#include <stdio.h>
#include <editline/readline.h>
#endif
