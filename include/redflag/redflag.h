/* redflag: the whole public API in one include. */
#ifndef REDFLAG_H
#define REDFLAG_H
#include "redflag/core.h"
#include "redflag/lists.h"
#include "redflag/ingest.h"
#endif
