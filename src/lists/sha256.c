/* SHA-256 (FIPS 180-4), small and portable: used for list version hashes. */
#include "redflag/lists.h"

#include <string.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define RF_I_SHA_NI 1
#endif

typedef struct rf_i_sha256 {
  uint32_t h[8];
  uint64_t len;
  unsigned char buf[64];
  size_t nbuf;
} rf_i_sha256;

static const uint32_t rf_i_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define RF_I_ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void rf_i_block(rf_i_sha256 *s, const unsigned char *p) {
  uint32_t w[64];
  for (int i = 0; i < 16; i++)
    w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
           (uint32_t)p[4 * i + 3];
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = RF_I_ROR(w[i - 15], 7) ^ RF_I_ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = RF_I_ROR(w[i - 2], 17) ^ RF_I_ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4], f = s->h[5],
           g = s->h[6], h = s->h[7];
  for (int i = 0; i < 64; i++) {
    uint32_t S1 = RF_I_ROR(e, 6) ^ RF_I_ROR(e, 11) ^ RF_I_ROR(e, 25);
    uint32_t ch = (e & f) ^ (~e & g);
    uint32_t t1 = h + S1 + ch + rf_i_k[i] + w[i];
    uint32_t S0 = RF_I_ROR(a, 2) ^ RF_I_ROR(a, 13) ^ RF_I_ROR(a, 22);
    uint32_t mj = (a & b) ^ (a & c) ^ (b & c);
    uint32_t t2 = S0 + mj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  s->h[0] += a;
  s->h[1] += b;
  s->h[2] += c;
  s->h[3] += d;
  s->h[4] += e;
  s->h[5] += f;
  s->h[6] += g;
  s->h[7] += h;
}

#ifdef RF_I_SHA_NI
/* x86 SHA extensions: about 5x faster than the portable rounds. */
__attribute__((target("sha,sse4.1"))) static void
rf_i_blocks_ni(uint32_t st[8], const unsigned char *p, size_t nblocks) {
  const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_loadu_si128((const __m128i *)&st[0]);
  __m128i s1 = _mm_loadu_si128((const __m128i *)&st[4]);
  tmp = _mm_shuffle_epi32(tmp, 0xB1);
  s1 = _mm_shuffle_epi32(s1, 0x1B);
  __m128i s0 = _mm_alignr_epi8(tmp, s1, 8);
  s1 = _mm_blend_epi16(s1, tmp, 0xF0);
  while (nblocks--) {
    __m128i abef = s0, cdgh = s1, w[4];
    for (int g = 0; g < 16; g++) {
      __m128i m;
      if (g < 4) {
        m = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * g)), mask);
      } else {
        m = _mm_sha256msg1_epu32(w[g & 3], w[(g + 1) & 3]);
        m = _mm_add_epi32(m, _mm_alignr_epi8(w[(g + 3) & 3], w[(g + 2) & 3], 4));
        m = _mm_sha256msg2_epu32(m, w[(g + 3) & 3]);
      }
      w[g & 3] = m;
      __m128i k = _mm_loadu_si128((const __m128i *)&rf_i_k[4 * g]);
      __m128i x = _mm_add_epi32(m, k);
      s1 = _mm_sha256rnds2_epu32(s1, s0, x);
      x = _mm_shuffle_epi32(x, 0x0E);
      s0 = _mm_sha256rnds2_epu32(s0, s1, x);
    }
    s0 = _mm_add_epi32(s0, abef);
    s1 = _mm_add_epi32(s1, cdgh);
    p += 64;
  }
  tmp = _mm_shuffle_epi32(s0, 0x1B);
  s1 = _mm_shuffle_epi32(s1, 0xB1);
  s0 = _mm_blend_epi16(tmp, s1, 0xF0);
  s1 = _mm_alignr_epi8(s1, tmp, 8);
  _mm_storeu_si128((__m128i *)&st[0], s0);
  _mm_storeu_si128((__m128i *)&st[4], s1);
}

static int rf_i_has_sha_ni(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  int sha = (b >> 29) & 1;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  return sha && (c & bit_SSE4_1) && (c & bit_SSSE3);
}
#endif

/* Hashes whole 64-byte blocks. force_portable is for tests. */
static void rf_i_blocks(rf_i_sha256 *s, const unsigned char *p, size_t nblocks, int portable) {
#ifdef RF_I_SHA_NI
  if (!portable && rf_i_has_sha_ni()) {
    rf_i_blocks_ni(s->h, p, nblocks);
    return;
  }
#endif
  (void)portable;
  for (size_t i = 0; i < nblocks; i++) rf_i_block(s, p + 64 * i);
}

static void rf_i_sha256_hex(const void *data, size_t n, char out[65], int portable);

void rf_lists_sha256_hex(const void *data, size_t n, char out[65]) {
  rf_i_sha256_hex(data, n, out, 0);
}

void rf_lists_sha256_hex_portable(const void *data, size_t n, char out[65]) {
  rf_i_sha256_hex(data, n, out, 1);
}

static void rf_i_sha256_hex(const void *data, size_t n, char out[65], int portable) {
  static const uint32_t init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  rf_i_sha256 s;
  memcpy(s.h, init, sizeof init);
  const unsigned char *p = data;
  size_t i = 0;
  rf_i_blocks(&s, p, n / 64, portable);
  i = n / 64 * 64;
  unsigned char tail[128];
  size_t rem = n - i;
  if (rem) memcpy(tail, p + i, rem);
  tail[rem++] = 0x80;
  size_t tlen = rem <= 56 ? 64 : 128;
  memset(tail + rem, 0, tlen - rem);
  uint64_t bits = (uint64_t)n * 8;
  for (int k = 0; k < 8; k++) tail[tlen - 1 - k] = (unsigned char)(bits >> (8 * k));
  rf_i_blocks(&s, tail, tlen / 64, portable);
  static const char hx[] = "0123456789abcdef";
  for (int k = 0; k < 8; k++)
    for (int b = 0; b < 4; b++) {
      unsigned v = (s.h[k] >> (24 - 8 * b)) & 0xff;
      out[k * 8 + b * 2] = hx[v >> 4];
      out[k * 8 + b * 2 + 1] = hx[v & 15];
    }
  out[64] = '\0';
}
