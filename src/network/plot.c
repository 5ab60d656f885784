/* SVG line charts: axes, "nice" ticks, labels, legend, one line per series. */
#include "network/network_i.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const rf_i_colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                          "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

/* Tick step: 1, 2 or 5 times a power of ten giving about `want` ticks. */
static double rf_i_nice_step(double span, int want) {
  if (!(span > 0) || !isfinite(span)) return 1;
  double raw = span / want, p = pow(10, floor(log10(raw))), f = raw / p;
  double m = f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10;
  return m * p;
}

static void rf_i_range(const rf_plot_series *s, size_t ns, int y, double *lo, double *hi) {
  *lo = INFINITY;
  *hi = -INFINITY;
  for (size_t i = 0; i < ns; i++)
    for (size_t j = 0; j < s[i].n; j++) {
      double v = y ? s[i].y[j] : s[i].x[j];
      if (!isfinite(v)) continue;
      if (v < *lo) *lo = v;
      if (v > *hi) *hi = v;
    }
  if (!isfinite(*lo)) *lo = 0, *hi = 1;
  if (*hi == *lo) *hi = *lo + 1;
}

static void rf_i_tick_label(char *buf, size_t sz, double v, double step) {
  if (fabs(v) < step * 1e-9) v = 0;
  int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
  if (dec > 6) dec = 6;
  if (fabs(v) >= 1e6)
    snprintf(buf, sz, "%.3g", v);
  else
    snprintf(buf, sz, "%.*f", dec, v);
}

rf_status rf_plot_svg_buf(rf_buf *b, const rf_plot_opts *opts, const rf_plot_series *s, size_t ns,
                          rf_error *err) {
  rf_plot_opts o = {0};
  if (opts) o = *opts;
  int W = o.width > 0 ? o.width : 720, H = o.height > 0 ? o.height : 450;
  double ml = 70, mr = 20, mt = o.title ? 40 : 20, mb = 55;
  /* legend below the plot when there are series names */
  size_t named = 0;
  for (size_t i = 0; i < ns; i++) named += s[i].name != NULL;
  int legend_rows = named ? (int)((named + 3) / 4) : 0;
  mb += legend_rows * 18;
  double pw = W - ml - mr, ph = H - mt - mb;
  double x0, x1, y0, y1;
  rf_i_range(s, ns, 0, &x0, &x1);
  rf_i_range(s, ns, 1, &y0, &y1);
  if (o.fix_x) x0 = o.xmin, x1 = o.xmax;
  if (o.fix_y) y0 = o.ymin, y1 = o.ymax;
  if (!(x1 > x0)) x1 = x0 + 1;
  if (!(y1 > y0)) y1 = y0 + 1;
  double xs = rf_i_nice_step(x1 - x0, 8), ys = rf_i_nice_step(y1 - y0, 6);
  if (!o.fix_x) x0 = floor(x0 / xs) * xs, x1 = ceil(x1 / xs - 1e-9) * xs;
  if (!o.fix_y) y0 = floor(y0 / ys) * ys, y1 = ceil(y1 / ys - 1e-9) * ys;
  if (!(x1 > x0)) x1 = x0 + xs;
  if (!(y1 > y0)) y1 = y0 + ys;
#define RF_PX(v) (ml + ((v)-x0) / (x1 - x0) * pw)
#define RF_PY(v) (mt + ph - ((v)-y0) / (y1 - y0) * ph)
  int bad = 0;
  bad |= rf_buf_printf(b,
                       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                       "viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\" "
                       "font-size=\"12\">\n"
                       "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                       W, H, W, H);
  rf_buf esc;
  rf_buf_init(&esc);
#define RF_ESC(str)                                                                                \
  do {                                                                                             \
    rf_buf_reset(&esc);                                                                            \
    for (const char *q = (str); q && *q; q++) {                                                    \
      if (*q == '<')                                                                               \
        bad |= rf_buf_puts(&esc, "&lt;");                                                          \
      else if (*q == '>')                                                                          \
        bad |= rf_buf_puts(&esc, "&gt;");                                                          \
      else if (*q == '&')                                                                          \
        bad |= rf_buf_puts(&esc, "&amp;");                                                         \
      else if (*q == '"')                                                                          \
        bad |= rf_buf_puts(&esc, "&quot;");                                                        \
      else                                                                                         \
        bad |= rf_buf_putc(&esc, *q);                                                              \
    }                                                                                              \
  } while (0)
  if (o.title) {
    RF_ESC(o.title);
    bad |= rf_buf_printf(b,
                         "<text x=\"%.1f\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" "
                         "font-weight=\"bold\">%s</text>\n",
                         W / 2.0, esc.data ? esc.data : "");
  }
  /* grid and ticks */
  char lab[64];
  bad |= rf_buf_puts(b, "<g stroke=\"#e5e5e5\" stroke-width=\"1\">\n");
  for (double v = y0; v <= y1 + ys * 1e-9; v += ys)
    bad |= rf_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", ml,
                         RF_PY(v), ml + pw, RF_PY(v));
  for (double v = x0; v <= x1 + xs * 1e-9; v += xs)
    bad |= rf_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", RF_PX(v),
                         mt, RF_PX(v), mt + ph);
  bad |= rf_buf_puts(b, "</g>\n<g fill=\"#333\">\n");
  for (double v = y0; v <= y1 + ys * 1e-9; v += ys) {
    rf_i_tick_label(lab, sizeof lab, v, ys);
    bad |= rf_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", ml - 6,
                         RF_PY(v) + 4, lab);
  }
  for (double v = x0; v <= x1 + xs * 1e-9; v += xs) {
    rf_i_tick_label(lab, sizeof lab, v, xs);
    bad |= rf_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
                         RF_PX(v), mt + ph + 16, lab);
  }
  bad |= rf_buf_puts(b, "</g>\n");
  bad |= rf_buf_printf(b,
                       "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                       "stroke=\"#333\"/>\n",
                       ml, mt, pw, ph);
  if (o.xlabel) {
    RF_ESC(o.xlabel);
    bad |= rf_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
                         ml + pw / 2, mt + ph + 36, esc.data ? esc.data : "");
  }
  if (o.ylabel) {
    RF_ESC(o.ylabel);
    bad |= rf_buf_printf(b,
                         "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" "
                         "transform=\"rotate(-90 16 %.1f)\">%s</text>\n",
                         mt + ph / 2, mt + ph / 2, esc.data ? esc.data : "");
  }
  /* series */
  for (size_t i = 0; i < ns; i++) {
    const char *col = rf_i_colors[i % (sizeof rf_i_colors / sizeof rf_i_colors[0])];
    bad |= rf_buf_printf(b,
                         "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                         "stroke-linejoin=\"round\" d=\"",
                         col);
    int pen = 0;
    for (size_t j = 0; j < s[i].n; j++) {
      double x = s[i].x[j], y = s[i].y[j];
      if (!isfinite(x) || !isfinite(y)) {
        pen = 0;
        continue;
      }
      bad |= rf_buf_printf(b, "%s%.2f %.2f", pen ? " L" : (j ? " M" : "M"), RF_PX(x), RF_PY(y));
      pen = 1;
    }
    bad |= rf_buf_puts(b, "\"/>\n");
    if (o.markers)
      for (size_t j = 0; j < s[i].n; j++)
        if (isfinite(s[i].x[j]) && isfinite(s[i].y[j]))
          bad |= rf_buf_printf(b, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"2.5\" fill=\"%s\"/>\n",
                               RF_PX(s[i].x[j]), RF_PY(s[i].y[j]), col);
  }
  /* legend: up to 4 entries per row under the x label */
  size_t k = 0;
  for (size_t i = 0; i < ns; i++) {
    if (!s[i].name) continue;
    const char *col = rf_i_colors[i % (sizeof rf_i_colors / sizeof rf_i_colors[0])];
    double lx = ml + (double)(k % 4) * (pw / 4), ly = mt + ph + 52 + (double)(k / 4) * 18;
    RF_ESC(s[i].name);
    bad |= rf_buf_printf(b,
                         "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                         "stroke-width=\"3\"/>\n<text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                         lx, ly - 4, lx + 22, ly - 4, col, lx + 28, ly, esc.data ? esc.data : "");
    k++;
  }
  bad |= rf_buf_puts(b, "</svg>\n");
  rf_buf_free(&esc);
#undef RF_PX
#undef RF_PY
#undef RF_ESC
  if (bad) return rf_error_set(err, RF_ENOMEM, "plot: out of memory");
  return RF_OK;
}

rf_status rf_plot_svg(const char *path, const rf_plot_opts *o, const rf_plot_series *s, size_t ns,
                      rf_error *err) {
  rf_buf b;
  rf_buf_init(&b);
  rf_status st = rf_plot_svg_buf(&b, o, s, ns, err);
  if (st == RF_OK) {
    FILE *fp = fopen(path, "w");
    if (!fp) {
      st = rf_error_set(err, RF_EIO, "%s: cannot write: %s", path, strerror(errno));
    } else {
      size_t w = b.len ? fwrite(b.data, 1, b.len, fp) : 0;
      if (fclose(fp) || w != b.len) st = rf_error_set(err, RF_EIO, "%s: write error", path);
    }
  }
  rf_buf_free(&b);
  return st;
}
