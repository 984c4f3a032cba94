/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/clint.c through the memory map: msip raises/lowers MSIP of the right hart,
   mtimecmp 64-bit and 32-bit-half writes reach the hart, mtime counts at 10 MHz from the host
   clock, is the harts' time source, and can be written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu/riscv/cpu.h"
#include "hw/clint.h"
#include "system/memmap.h"

#include "tests/unit/check.h"

#define BASE 0x2000000ull
#define NHARTS 2
#define MSIP_BIT (1ull << RV_IRQ_MSI)

static MemMap mm;
static RVCPU *harts[NHARTS];

static uint64_t rd(uint64_t off, unsigned size) {
    uint64_t v = 0;
    CHECK(memmap_read(&mm, BASE + off, size, &v), "read at +0x%llx", (unsigned long long)off);
    return v;
}
static void wr(uint64_t off, unsigned size, uint64_t v) {
    CHECK(memmap_write(&mm, BASE + off, size, v), "write at +0x%llx", (unsigned long long)off);
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void test_msip(void) {
    CHECK(!(harts[0]->mip_ext & MSIP_BIT) && !(harts[1]->mip_ext & MSIP_BIT), "MSIP at reset");
    wr(CLINT_MSIP + 4, 4, 1);
    CHECK(harts[1]->mip_ext & MSIP_BIT, "hart 1 MSIP not raised");
    CHECK(!(harts[0]->mip_ext & MSIP_BIT), "hart 0 MSIP raised by hart 1's msip");
    CHECK(rd(CLINT_MSIP + 4, 4) == 1 && rd(CLINT_MSIP, 4) == 0, "msip read back");
    wr(CLINT_MSIP + 4, 4, 0);
    CHECK(!(harts[1]->mip_ext & MSIP_BIT), "hart 1 MSIP not lowered");
    wr(CLINT_MSIP, 4, 0xfffffffe);              /* only bit 0 is implemented */
    CHECK(rd(CLINT_MSIP, 4) == 0 && !(harts[0]->mip_ext & MSIP_BIT), "msip upper bits");
    wr(CLINT_MSIP, 4, 3);
    CHECK(rd(CLINT_MSIP, 4) == 1 && (harts[0]->mip_ext & MSIP_BIT), "msip bit 0 with others");
    wr(CLINT_MSIP, 4, 0);
    /* A hart that does not exist reads as zero and ignores writes. */
    wr(CLINT_MSIP + 4 * 5, 4, 1);
    CHECK(rd(CLINT_MSIP + 4 * 5, 4) == 0, "msip of a missing hart");
}

static void test_mtimecmp(void) {
    wr(CLINT_MTIMECMP, 8, 0x123456789abcdef0ull);
    CHECK(harts[0]->mtimecmp == 0x123456789abcdef0ull, "hart 0 mtimecmp 0x%llx",
          (unsigned long long)harts[0]->mtimecmp);
    CHECK(rd(CLINT_MTIMECMP, 8) == 0x123456789abcdef0ull, "mtimecmp read back");
    CHECK(harts[1]->mtimecmp != 0x123456789abcdef0ull, "hart 1 got hart 0's mtimecmp");
    wr(CLINT_MTIMECMP + 8, 4, 0x11111111);      /* hart 1, low then high half */
    wr(CLINT_MTIMECMP + 12, 4, 0x22222222);
    CHECK(harts[1]->mtimecmp == 0x2222222211111111ull, "hart 1 mtimecmp halves 0x%llx",
          (unsigned long long)harts[1]->mtimecmp);
    CHECK(rd(CLINT_MTIMECMP + 12, 4) == 0x22222222 && rd(CLINT_MTIMECMP + 8, 4) == 0x11111111,
          "mtimecmp half reads");
    wr(CLINT_MTIMECMP + 4, 4, 0);               /* high half of hart 0 only */
    CHECK(harts[0]->mtimecmp == 0x9abcdef0ull, "hart 0 high-half write 0x%llx",
          (unsigned long long)harts[0]->mtimecmp);
}

static void test_mtime(void) {
    uint64_t t0 = rd(CLINT_MTIME, 8);
    sleep_ms(20);
    uint64_t t1 = rd(CLINT_MTIME, 8);
    /* 20 ms at 10 MHz is 200000 ticks; allow for a slow, loaded host */
    CHECK(t1 - t0 >= 190000 && t1 - t0 < 10000000, "mtime advanced %llu ticks in 20 ms",
          (unsigned long long)(t1 - t0));
    uint64_t via_cpu = rv_cpu_mtime(harts[1]);
    uint64_t t2 = rd(CLINT_MTIME, 8);
    CHECK(via_cpu >= t1 && via_cpu <= t2, "hart's time source is not the CLINT (%llu vs %llu)",
          (unsigned long long)via_cpu, (unsigned long long)t2);
    uint64_t lo = rd(CLINT_MTIME, 4), hi = rd(CLINT_MTIME + 4, 4);
    CHECK(hi == (t2 >> 32) && lo >= (t2 & 0xffffffff), "mtime halves");

    wr(CLINT_MTIME, 8, 1000000000000ull);
    uint64_t t3 = rd(CLINT_MTIME, 8);
    CHECK(t3 >= 1000000000000ull && t3 < 1000000000000ull + 10000000, "mtime after write %llu",
          (unsigned long long)t3);
    CHECK(rv_cpu_mtime(harts[0]) >= 1000000000000ull, "hart time ignores the mtime write");
    wr(CLINT_MTIME + 4, 4, 5);                  /* high half only */
    uint64_t t4 = rd(CLINT_MTIME, 8);
    CHECK((t4 >> 32) == 5, "mtime high-half write: 0x%llx", (unsigned long long)t4);
    CHECK(rd(0x8000, 4) == 0, "unimplemented offset reads 0");
}

int main(void) {
    memmap_init(&mm);
    for (int i = 0; i < NHARTS; i++) {
        void *p = NULL;
        if (posix_memalign(&p, 64, sizeof(RVCPU)))
            return 1;
        memset(p, 0, sizeof(RVCPU));
        harts[i] = p;
        rv_cpu_init(harts[i], i, &mm);
    }
    Clint *c = clint_create(harts, NHARTS);
    if (!c || !clint_map(c, &mm, BASE)) {
        printf("clint setup failed\n");
        return 1;
    }
    test_msip();
    test_mtimecmp();
    test_mtime();
    clint_free(c);
    for (int i = 0; i < NHARTS; i++) {
        cpu_forget(&harts[i]->c);   /* the timer thread may still know it */
        free(harts[i]);
    }
    memmap_free(&mm);
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
