/* SPDX-License-Identifier: MIT */
/* DecodeBitMasks (Arm ARM DDI 0487, J1 shared/functions/bitmasks/DecodeBitMasks): the
   immediate of the logical (immediate) instructions and the masks of SBFM/UBFM/BFM. */
#include "cpu/arm/trans.h"

static uint64_t ones(unsigned n) { return n >= 64 ? ~0ull : (1ull << n) - 1; }

static uint64_t ror(uint64_t x, unsigned r, unsigned esize)
{
    r %= esize;
    if (!r)
        return x;
    return ((x >> r) | (x << (esize - r))) & ones(esize);
}

static uint64_t replicate(uint64_t x, unsigned esize)
{
    for (unsigned w = esize; w < 64; w *= 2)
        x |= x << w;
    return x;
}

bool a64_decode_bit_masks(unsigned n, unsigned imms, unsigned immr, bool immediate,
                          unsigned datasize, uint64_t *wmask, uint64_t *tmask)
{
    unsigned v = (n << 6) | (~imms & 0x3f);
    if (!(v & 0x7e))   /* len < 1 */
        return false;
    unsigned len = 31 - (unsigned)__builtin_clz(v);
    unsigned esize = 1u << len;
    if (esize > datasize)
        return false;
    unsigned levels = esize - 1;
    if (immediate && (imms & levels) == levels)
        return false;
    unsigned s = imms & levels, r = immr & levels;
    unsigned diff = (s - r) & levels;
    uint64_t welem = ones(s + 1), telem = ones(diff + 1);
    *wmask = replicate(ror(welem, r, esize), esize) & ones(datasize);
    *tmask = replicate(telem, esize) & ones(datasize);
    return true;
}
