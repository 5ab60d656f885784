/* Entity graph from the sanctions lists' "Linked To:" relations. */
#include "graph/graph_i.h"
#include "redflag/lists.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Name key: ASCII letters/digits upper-cased, everything else dropped
 * ("Cartel de Jalisco Nueva Generacion." == "CARTEL DE JALISCO NUEVA GENERACION"). */
static size_t rf_i_key(const char *s, char *out, size_t cap) {
  size_t n = 0;
  for (; *s && n + 1 < cap; s++) {
    unsigned char c = (unsigned char)*s;
    if (isalnum(c) && c < 128)
      out[n++] = (char)toupper(c);
    else if (c >= 128)
      out[n++] = (char)c; /* keep UTF-8 bytes as they are */
  }
  out[n] = 0;
  return n;
}

rf_status rf_graph_from_lists(rf_graph **out, const struct rf_lists *l, size_t *unresolved,
                              rf_error *err) {
  *out = NULL;
  if (unresolved) *unresolved = 0;
  size_t ne = rf_lists_count(l);
  rf_graph_builder *b = NULL;
  if (rf_graph_builder_new(&b, 0) != RF_OK) return rf_error_set(err, RF_ENOMEM, "out of memory");
  rf_graph_builder_set_merge(b, RF_GRAPH_MERGE_MAX);
  rf_strmap names; /* name key -> index into owner[] */
  rf_strmap_init(&names);
  uint32_t *owner = NULL;
  size_t cap = 0;
  char key[1024], lab[512];
  rf_status s = RF_OK;
  for (size_t i = 0; i < ne; i++) {
    const rf_entity *e = rf_lists_get(l, i);
    snprintf(lab, sizeof lab, "%s:%s", e->list ? e->list : "?", e->uid ? e->uid : "");
    if (rf_graph_builder_node(b, lab) != (int64_t)i) {
      s = rf_error_set(err, RF_EINVAL, "graph: duplicate entity %s in the lists", lab);
      goto done;
    }
    for (size_t k = 0; k < e->nnames + 1; k++) {
      const char *nm = k == 0 ? e->name : e->names[k - 1].name;
      if (!nm) continue;
      size_t kl = rf_i_key(nm, key, sizeof key);
      if (!kl) continue;
      int ins = 0;
      int64_t id = rf_strmap_intern(&names, key, kl, &ins);
      if (id < 0) goto oom;
      if (ins) {
        uint32_t *no = rf_grow(owner, &cap, (size_t)id + 1, sizeof *no, 1024);
        if (!no) goto oom;
        owner = no;
        owner[id] = (uint32_t)i; /* first entity with this name wins */
      }
    }
  }
  for (size_t i = 0; i < ne; i++) {
    const rf_entity *e = rf_lists_get(l, i);
    for (size_t k = 0; k < e->nlinked; k++) {
      const char *nm = e->linked_to[k];
      if (!nm) continue;
      size_t kl = rf_i_key(nm, key, sizeof key);
      if (!kl) continue;
      int64_t id = rf_strmap_get(&names, key, kl);
      rf_status r;
      if (id >= 0) {
        r = rf_graph_builder_edge_id(b, (uint32_t)i, owner[id], 1.0, 0);
      } else {
        if (unresolved) (*unresolved)++;
        snprintf(lab, sizeof lab, "?:%s", nm);
        int64_t v = rf_graph_builder_node(b, lab);
        if (v < 0) goto oom;
        r = rf_graph_builder_edge_id(b, (uint32_t)i, (uint32_t)v, 1.0, 0);
      }
      if (r != RF_OK) goto oom;
    }
  }
  free(owner);
  rf_strmap_destroy(&names);
  return rf_graph_builder_finish(b, out, 0, err);
oom:
  s = rf_error_set(err, RF_ENOMEM, "graph: out of memory building the entity graph");
done:
  free(owner);
  rf_strmap_destroy(&names);
  rf_graph_builder_free(b);
  return s;
}
