/* Internal header of the graph module. */
#ifndef RF_GRAPH_I_H
#define RF_GRAPH_I_H

#include "redflag/graph.h"

#include <stdarg.h>

/* Reports a rejected row / warning through opts->on_reject (if set). */
void rf_graph_i_reject(const rf_graph_read_opts *o, rf_graph_read_stats *st, rf_status code,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
rf_status rf_graph_i_slurp(const char *path, char **data, size_t *len, rf_error *err);
/* Transaction formats through rf_ingest (read_ingest.c). */
rf_status rf_graph_i_read_ingest(rf_graph **out, const char *path, const rf_graph_read_opts *o,
                                 rf_graph_read_stats *stats, rf_error *err);
void rf_graph_i_builder_set_directed(rf_graph_builder *b, int directed);
/* R data (read_rda.c): data is the file as stored (compressed or not). */
rf_status rf_graph_i_read_rda(rf_graph_builder *b, const char *data, size_t len, const char *label,
                              const rf_graph_read_opts *o, rf_graph_read_stats *st, rf_error *err);
/* Do the first n bytes start an R serialisation (save() or saveRDS(),
 * uncompressed)? */
int rf_graph_i_rda_magic(const unsigned char *p, size_t n);
/* Compressed data (rf_graph_i_compressed) into *out, malloc'd, at most max
 * bytes (RF_ELIMIT beyond); *out stays NULL and *olen = len for data that
 * is not compressed. Corrupt or truncated data is RF_EPARSE. With head,
 * the first max bytes or fewer, from a start of the data, without errors
 * once something came out. */
rf_status rf_graph_i_unpack(const unsigned char *p, size_t len, size_t max, int head,
                            unsigned char **out, size_t *olen, const char *label, rf_error *err);
/* A node's tie to an event of a 2-mode input (node: a builder id). */
typedef struct rf_graph_i_tie {
  uint32_t event, node;
} rf_graph_i_tie;
/* Projects 2-mode ties onto their nodes (project.c): undirected, weight =
 * events shared, a tie listed twice counted once; t is sorted in place.
 * RF_ELIMIT beyond RF_GRAPH_PROJECT_MAX_PAIRS, the message starting with
 * what ("FILE: projecting the 2-mode matrix (R x C)"). */
rf_status rf_graph_i_project(rf_graph_builder *b, rf_graph_i_tie *t, size_t n, const char *what,
                             rf_error *err);
/* compressed edge lists and matrices: at most this much text */
#define RF_GRAPH_I_TEXT_MAX ((size_t)512 << 20)

#endif
