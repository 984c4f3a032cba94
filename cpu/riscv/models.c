/* SPDX-License-Identifier: MIT */
/* RISC-V -cpu models and properties with QEMU's names (QEMU 7.2 target/riscv/cpu.c models
   rv64, any, sifive-u54, shakti-c; max and the profiles rva22s64/rva23s64 of later QEMUs;
   the extension, mmu, svNN, pmp, ID-register and priv_spec properties, with QEMU 7.2's
   capitalised spellings such as Zicsr accepted too). Only what tern implements can be
   switched on; QEMU's other names are refused with the reason. Also the device-tree view of a
   configuration (ISA string in canonical order: unprivileged spec "ISA Extension Naming
   Conventions"; riscv,isa-extensions and mmu-type: Linux riscv/cpus.yaml). */
#include "cpu/riscv/models.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpu/riscv/cpu.h"

#define SATP_SV39 8
#define SATP_SV48 9

/* The implemented extensions, in canonical ISA-string order (single letters, then Z by
   category letter, then S). */
static const char *const ext_names[RV_EXT_COUNT] = {
    [RV_EXT_I] = "i", [RV_EXT_M] = "m", [RV_EXT_A] = "a", [RV_EXT_F] = "f", [RV_EXT_D] = "d",
    [RV_EXT_C] = "c", [RV_EXT_ZICNTR] = "zicntr", [RV_EXT_ZICSR] = "zicsr",
    [RV_EXT_ZIFENCEI] = "zifencei", [RV_EXT_ZIHINTPAUSE] = "zihintpause",
    [RV_EXT_ZIHPM] = "zihpm", [RV_EXT_ZBA] = "zba", [RV_EXT_ZBB] = "zbb", [RV_EXT_ZBS] = "zbs",
    [RV_EXT_SSTC] = "sstc",
};

#define EXT_G (RV_EXT(I) | RV_EXT(M) | RV_EXT(A) | RV_EXT(F) | RV_EXT(D) | RV_EXT(ZICSR) |     \
               RV_EXT(ZIFENCEI))

/* rv64 (QEMU's default for virt) has every extension tern implements, as max does. Zihpm:
   hpmcounter3..31 exist and read 0 (no events are counted). */
const RVCpuConfig rv_cpu_config_default = {
    .ext = EXT_G | RV_EXT(C) | RV_EXT(ZICNTR) | RV_EXT(ZIHINTPAUSE) | RV_EXT(ZIHPM) |
           RV_EXT(ZBA) | RV_EXT(ZBB) | RV_EXT(ZBS) | RV_EXT(SSTC),
    .satp_max = SATP_SV48, .pmp = true,
};
/* SiFive U54 (and QEMU's model of it): RV64GC, Sv39 (as QEMU 8 caps it). */
static const RVCpuConfig cfg_u54 = {
    .ext = EXT_G | RV_EXT(C) | RV_EXT(ZICNTR), .satp_max = SATP_SV39, .pmp = true,
};
/* Shakti C: RV64GC; QEMU 7.2 gives it Sv48 paging. */
static const RVCpuConfig cfg_shakti = {
    .ext = EXT_G | RV_EXT(C) | RV_EXT(ZICNTR), .satp_max = SATP_SV48, .pmp = true,
};

const CpuModel rv_cpu_models[RV_CPU_N_MODELS] = {
    {"rv64", "RV64GC Zicntr Zihintpause Zihpm Zba Zbb Zbs Sstc, Sv48, PMP (QEMU's less H, "
     "Zbc)", &rv_cpu_config_default, false},
    {"any", "as rv64", &rv_cpu_config_default, false},
    {"max", "every extension tern implements (as rv64)", &rv_cpu_config_default, false},
    {"shakti-c", "Shakti C: RV64GC, Sv48", &cfg_shakti, false},
    {"sifive-u54", "SiFive U54: RV64GC, Sv39", &cfg_u54, false},
    {"sifive-e51", "an M/U-only hart (RV64IMAC, no S mode, no MMU) is not implemented", NULL,
     true},
    {"x-rv128", "RV128 is not implemented", NULL, true},
    {"rva22s64", NULL, NULL, true},
    {"rva23s64", NULL, NULL, true},
};

/* ---- profiles: what they require that tern lacks ---- */

/* Mandatory extensions of the RVA22S64 and RVA23S64 profiles (RISC-V Profiles spec). */
static const char *const rva22s64[] = {
    "i", "m", "a", "f", "d", "c", "zicsr", "zicntr", "zihpm", "ziccif", "ziccrse", "ziccamoa",
    "zicclsm", "za64rs", "zihintpause", "zba", "zbb", "zbs", "zic64b", "zicbom", "zicbop",
    "zicboz", "zfhmin", "zkt", "zifencei", "svbare", "sv39", "svade", "ssccptr", "sstvecd",
    "sstvala", "sscounterenw", "svpbmt", "svinval", NULL,
};
static const char *const rva23s64[] = {
    "i", "m", "a", "f", "d", "c", "zicsr", "zicntr", "zihpm", "ziccif", "ziccrse", "ziccamoa",
    "zicclsm", "za64rs", "zihintpause", "zba", "zbb", "zbs", "zic64b", "zicbom", "zicbop",
    "zicboz", "zfhmin", "zkt", "v", "zvfhmin", "zvbb", "zvkt", "zihintntl", "zicond", "zimop",
    "zcmop", "zcb", "zfa", "zawrs", "supm", "zifencei", "svbare", "sv39", "svade", "ssccptr",
    "sstvecd", "sstvala", "sscounterenw", "svpbmt", "svinval", "svnapot", "sstc", "sscofpmf",
    "ssnpm", "ssu64xl", "h", "ssstateen", NULL,
};
/* Profile names tern meets without an extension bit: properties of its memory system and trap
   CSRs (misaligned accesses are performed, stval/stvec/scounteren behave as required). */
static const char *const implicit_exts[] = {
    "ziccif", "ziccrse", "ziccamoa", "zicclsm", "za64rs", "zkt", "svbare", "sv39", "ssccptr",
    "sstvecd", "sstvala", "sscounterenw", "ssu64xl", "svade", "zic64b", NULL,
};

static bool name_in(const char *const *list, const char *name) {
    for (; *list; list++)
        if (!strcmp(*list, name))
            return true;
    return false;
}

static bool tern_has_ext(const char *name) {
    for (int e = 0; e < RV_EXT_COUNT; e++)
        if (!strcmp(ext_names[e], name))
            return true;
    return name_in(implicit_exts, name);
}

static void profile_missing(const char *const *prof, char *buf, size_t n) {
    size_t len = 0;
    buf[0] = 0;
    for (; *prof && len < n; prof++)
        if (!tern_has_ext(*prof))
            len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? ", " : "", *prof);
}

/* ---- properties ---- */

__attribute__((format(printf, 3, 4)))
static CpuModel *fail(char *err, size_t n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
    return NULL;
}

__attribute__((format(printf, 3, 4)))
static bool perr(char *err, size_t n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
    return false;
}

/* QEMU's boolean spellings (qapi/qobject-input-visitor: on/off, yes/no, true/false, y/n). */
static int parse_bool(const char *v) {
    static const char *const yes[] = {"on", "yes", "true", "y", NULL};
    static const char *const no[] = {"off", "no", "false", "n", NULL};
    if (name_in(yes, v))
        return 1;
    if (name_in(no, v))
        return 0;
    return -1;
}

/* QEMU extension properties tern does not implement: =off is what tern is, =on is refused. */
static const char *const unimpl_exts[] = {
    "h", "v", "e", "zbc", "zbkb", "zbkc", "zbkx", "zk", "zkn", "zknd", "zkne", "zknh", "zkr",
    "zks", "zksed", "zksh", "zkt", "zfh", "zfhmin", "zfa", "zfinx", "zdinx", "zhinx",
    "zhinxmin", "zmmul", "zve32f", "zve64f", "zve64d", "zicbom", "zicboz", "zicbop", "zicond",
    "zawrs", "zacas", "zimop", "zcmop", "zca", "zcb", "zcf", "zcd", "zcmp", "zcmt", "zihintntl",
    "ztso", "zvfh", "zvfhmin", "zvbb", "zvbc", "zvkt", "svpbmt", "svinval", "svnapot", "svadu",
    "sscofpmf", "smstateen", "ssstateen", "smaia", "ssaia", "x-smaia", "x-ssaia", "x-epmp",
    "smepmp", "x-j", "xventanacondops", "xtheadba", "xtheadbb", "zama16b", "smcntrpmf",
    "ssnpm", "smnpm", "supm", NULL,
};
/* QEMU value properties tern does not implement at all (they belong to missing features). */
static const char *const unimpl_props[] = {
    "vlen", "elen", "vext_spec", "rvv_ta_all_1s", "rvv_ma_all_1s", "pmu-num", "pmu-mask",
    "resetvec", "cbom_blocksize", "cboz_blocksize", "cbop_blocksize", "short-isa-string",
    NULL,
};

typedef struct Parse {
    RVCpuConfig *c;
    int satp_set[3];             /* sv39, sv48, sv57: -1 unset, 0 off, 1 on */
    int mmu;                     /* -1 unset */
} Parse;

static int ext_index(const char *name) {
    for (int e = 0; e < RV_EXT_COUNT; e++)
        if (!strcasecmp(ext_names[e], name))
            return e;
    return -1;
}

static bool parse_u64(const char *v, uint64_t max, uint64_t *out) {
    if (!*v || *v == '-')
        return false;
    char *end;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 0);
    if (errno || *end || x > max)
        return false;
    *out = x;
    return true;
}

static bool apply_prop(Parse *p, const char *key, const char *val, char *err, size_t n) {
    RVCpuConfig *c = p->c;
    if (!strcmp(key, "mvendorid") || !strcmp(key, "marchid") || !strcmp(key, "mimpid")) {
        uint64_t v;
        uint64_t max = key[1] == 'v' ? UINT32_MAX : UINT64_MAX;   /* QEMU: mvendorid uint32 */
        if (!parse_u64(val, max, &v))
            return perr(err, n, "%s=%s: not a number (up to %s bits)", key, val,
                        key[1] == 'v' ? "32" : "64");
        *(key[1] == 'v' ? &c->mvendorid : key[1] == 'a' ? &c->marchid : &c->mimpid) = v;
        return true;
    }
    if (!strcmp(key, "priv_spec")) {
        if (strcmp(val, "v1.12.0"))
            return perr(err, n, "priv_spec=%s: tern implements privileged spec v1.12.0 only",
                        val);
        return true;
    }
    if (name_in(unimpl_props, key))
        return perr(err, n, "%s: not implemented by tern%s", key,
                    !strncmp(key, "rvv", 3) || !strcmp(key, "vlen") || !strcmp(key, "elen") ||
                    !strcmp(key, "vext_spec") ? " (a V extension property; tern has no V)" : "");

    int b = parse_bool(val);
    bool known = ext_index(key) >= 0 || !strcmp(key, "mmu") || !strcmp(key, "pmp") ||
                 !strcmp(key, "g") || !strcmp(key, "s") || !strcmp(key, "u") ||
                 !strcasecmp(key, "sv39") || !strcasecmp(key, "sv48") ||
                 !strcasecmp(key, "sv57") || !strcasecmp(key, "sv64") ||
                 name_in(unimpl_exts, key);
    for (const char *const *u = unimpl_exts; !known && *u; u++)
        known = !strcasecmp(*u, key);
    if (!known)
        return perr(err, n, "property '%s' not found", key);
    if (b < 0)
        return perr(err, n, "%s=%s: not a boolean (on/off, yes/no, true/false)", key, val);

    int e = ext_index(key);
    if (e >= 0) {
        if (!b && (e == RV_EXT_I || e == RV_EXT_ZICSR))
            return perr(err, n, "%s=off: tern's harts always have %s", key,
                        e == RV_EXT_I ? "the I base (RV64E is not implemented)" : "Zicsr");
        c->ext = b ? c->ext | (1u << e) : c->ext & ~(1u << e);
        return true;
    }
    if (!strcmp(key, "g")) {
        if (b)
            c->ext |= EXT_G;
        return true;
    }
    if (!strcmp(key, "s") || !strcmp(key, "u")) {
        if (!b)
            return perr(err, n, "%s=off: harts without %s mode are not implemented", key,
                        key[0] == 's' ? "S" : "U");
        return true;
    }
    if (!strcmp(key, "mmu")) {
        p->mmu = b;
        return true;
    }
    if (!strcmp(key, "pmp")) {
        c->pmp = b;
        return true;
    }
    if (!strncasecmp(key, "sv", 2)) {
        int mode = !strcasecmp(key, "sv39") ? 0 : !strcasecmp(key, "sv48") ? 1 : 2;
        if (b && mode == 2)
            return perr(err, n, "%s=on: Sv57 paging is not implemented (Sv39, Sv48 are)", key);
        if (!strcasecmp(key, "sv64")) {
            if (b)
                return perr(err, n, "sv64=on: Sv64 paging is not implemented");
            return true;
        }
        p->satp_set[mode] = b;
        return true;
    }
    /* an unimplemented extension */
    if (b)
        return perr(err, n, "%s=%s: extension %s is not implemented by tern", key, val, key);
    return true;
}

/* The highest paging mode after svNN= and mmu= (QEMU 8's satp_mode rules: the highest mode
   set on is the maximum; a mode set off caps the model's maximum below it; a mode cannot be off
   while a higher one is on). */
static bool finish_satp(Parse *p, char *err, size_t n) {
    RVCpuConfig *c = p->c;
    static const char *const names[3] = {"sv39", "sv48", "sv57"};
    int max = c->satp_max ? c->satp_max - SATP_SV39 : -1;       /* 0 sv39, 1 sv48, -1 none */
    int on = -1;
    for (int m = 0; m < 3; m++)
        if (p->satp_set[m] == 1)
            on = m;
    if (on >= 0)
        max = on;
    else
        for (int m = 1; m >= 0; m--)
            if (p->satp_set[m] == 0 && max == m)
                max = m - 1;
    for (int m = 0; m < max; m++)
        if (p->satp_set[m] == 0)
            return perr(err, n, "cannot disable %s when %s is on", names[m], names[max]);
    if (p->mmu == 0) {
        if (on >= 0)
            return perr(err, n, "%s=on needs mmu=on", names[on]);
        max = -1;
    } else if (p->mmu == 1 && max < 0) {
        max = c->satp_max ? c->satp_max - SATP_SV39 : 1;
    }
    c->satp_max = max < 0 ? 0 : (uint8_t)(SATP_SV39 + max);
    return true;
}

CpuModel *rv_cpu_configure(const CpuModel *model, const char *props, char *err, size_t errlen) {
    if (!model->config) {
        char missing[256];
        const char *const *prof = !strcmp(model->name, "rva22s64") ? rva22s64
                                  : !strcmp(model->name, "rva23s64") ? rva23s64 : NULL;
        if (!prof)
            return fail(err, errlen, "%s", model->desc);
        profile_missing(prof, missing, sizeof missing);
        return fail(err, errlen, "profile %s needs extensions tern does not implement: %s",
                    model->name, missing);
    }
    struct Out { CpuModel m; RVCpuConfig c; } *out = calloc(1, sizeof *out);
    if (!out)
        return fail(err, errlen, "out of memory");
    out->m = *model;
    out->c = *(const RVCpuConfig *)model->config;
    out->m.config = &out->c;
    Parse p = {.c = &out->c, .satp_set = {-1, -1, -1}, .mmu = -1};

    const char *s = props;
    while (*s) {
        size_t len = strcspn(s, ",");
        char item[128];
        if (len == 0 || len >= sizeof item) {
            fail(err, errlen, len ? "property list item too long" : "empty property");
            goto bad;
        }
        memcpy(item, s, len);
        item[len] = 0;
        s += len + (s[len] == ',');
        char *eq = strchr(item, '=');
        const char *val = "on";                     /* QEMU's keyval: a bare key means on */
        if (eq) {
            *eq = 0;
            val = eq + 1;
        }
        if (!apply_prop(&p, item, val, err, errlen))
            goto bad;
    }
    if (!finish_satp(&p, err, errlen))
        goto bad;
    if (rv_has(&out->c, RV_EXT_D) && !rv_has(&out->c, RV_EXT_F)) {
        fail(err, errlen, "D extension requires F extension");
        goto bad;
    }
    return &out->m;
bad:
    free(out);
    return NULL;
}

/* ---- views ---- */

uint64_t rv_cpu_config_misa(const RVCpuConfig *c) {
    uint64_t misa = 2ull << 62 | 1ull << ('S' - 'A') | 1ull << ('U' - 'A');
    for (int e = RV_EXT_I; e <= RV_EXT_C; e++)
        if (rv_has(c, (unsigned)e))
            misa |= 1ull << (ext_names[e][0] - 'a');
    return misa;
}

void rv_isa_string(const RVCpuConfig *c, char *buf, size_t n) {
    size_t len = (size_t)snprintf(buf, n, "rv64");
    for (int e = 0; e < RV_EXT_COUNT && len < n; e++)
        if (rv_has(c, (unsigned)e))
            len += (size_t)snprintf(buf + len, n - len, "%s%s", ext_names[e][1] ? "_" : "",
                                    ext_names[e]);
}

size_t rv_isa_extensions(const RVCpuConfig *c, char *buf, size_t n) {
    size_t len = 0;
    for (int e = 0; e < RV_EXT_COUNT; e++) {
        size_t l = strlen(ext_names[e]) + 1;
        if (rv_has(c, (unsigned)e) && len + l <= n) {
            memcpy(buf + len, ext_names[e], l);
            len += l;
        }
    }
    return len;
}

const char *rv_mmu_type(const RVCpuConfig *c) {
    switch (c->satp_max) {
    case SATP_SV39: return "riscv,sv39";
    case SATP_SV48: return "riscv,sv48";
    default: return NULL;
    }
}
