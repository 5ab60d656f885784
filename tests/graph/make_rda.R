# Makes the small R fixtures of test_read_rda.c (run once with Debian's
# r-base-core and r-cran-igraph: Rscript tests/graph/make_rda.R); the files
# are committed, so the tests need no R.
suppressMessages(library(igraph))
set.seed(7)
out <- "tests/graph/data"
# a list of two named, weighted, undirected graphs on shared vertex names,
# xz-compressed as in SNAnalyst/DF (Montagna_mafia: meetings and phone calls)
m <- graph_from_data_frame(data.frame(from = c("N1", "N1", "N2", "N3", "N5"),
                                      to = c("N2", "N3", "N3", "N4", "N6"),
                                      weight = c(2, 1, 3, 1, 4)),
                           directed = FALSE,
                           vertices = data.frame(name = c("N1", "N2", "N3", "N4", "N5", "N6", "N7")))
p <- graph_from_data_frame(data.frame(from = c("N1", "N4"), to = c("N4", "N7"), weight = c(1, 5)),
                           directed = FALSE)
Mafia_like <- list(meetings = m, phone = p)
save(Mafia_like, file = file.path(out, "two_named.rda"), compress = "xz")
# one directed graph without vertex names, gzip (R's default)
d <- make_graph(c(1, 2, 2, 3, 3, 1, 3, 4), directed = TRUE)
E(d)$weight <- c(1.5, 2, 0.5, 7)
save(d, file = file.path(out, "single_gzip.rda"))
# an unnamed list of three phases, bzip2
phases <- list(make_ring(4), make_star(5, mode = "undirected"), make_graph(c(1, 2), n = 3, directed = FALSE))
save(phases, file = file.path(out, "phases_bzip2.rda"), compress = "bzip2")
# saveRDS of one graph, and an uncompressed save
saveRDS(m, file.path(out, "one.rds"))
save(m, file = file.path(out, "plain.rda"), compress = FALSE)
# a 2-mode graph (igraph's bipartite convention: a logical vertex attribute
# "type"), people P1-P4 at events E1-E2, one tie listed twice
b <- make_bipartite_graph(c(FALSE, FALSE, FALSE, FALSE, TRUE, TRUE),
                          c(1, 5, 2, 5, 3, 5, 3, 6, 4, 6, 1, 5))
V(b)$name <- c("P1", "P2", "P3", "P4", "E1", "E2")
save(b, file = file.path(out, "two_mode.rda"))
# no graph at all
df <- data.frame(a = 1:3, b = c("x", "y", "z"))
save(df, file = file.path(out, "no_graph.rda"))
# the oracle: per fixture graph, vertices, edges and the sum of weights
for (nm in c("m", "p", "d", "b")) {
  g <- get(nm)
  cat(nm, vcount(g), ecount(g), if (is.null(E(g)$weight)) ecount(g) else sum(E(g)$weight), "\n")
}
# serialisation format version 2 (R before 3.5 wrote only this)
save(m, file = file.path(out, "version2.rda"), version = 2)
# numeric vertex names (and a factor, which igraph stores as its codes)
g <- make_ring(3); V(g)$name <- c(101, 202, 303)
f <- make_ring(3); V(f)$name <- factor(c("b", "a", "c"))
save(g, f, file = file.path(out, "numeric_names.rda"))
# a workspace: byte-compiled functions (nested, with shared calls), a
# function from a package namespace, a data frame and an environment beside
# the graph, which is the only igraph object
f <- compiler::cmpfun(function(x, y = 2) {
  g <- function(v) if (v > 1) v * 2 else -v
  z <- g(x) + g(y)
  for (i in seq_len(3)) z <- z + g(i)
  if (z > 3) list(a = z, b = "q") else sqrt(abs(z))
})
deg <- igraph::degree
e <- new.env(); assign("k", 1:5, envir = e)
dfw <- data.frame(a = 1:3, b = c("x", "y", "z"))
w <- make_star(6, mode = "undirected")
save(f, deg, e, dfw, w, file = file.path(out, "workspace.rda"))
