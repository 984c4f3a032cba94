/* SPDX-License-Identifier: MIT */
/* The list of boards that -machine NAME selects from, and `-machine help`. */
#include "boards.h"

#include <string.h>

static const Board *const boards[] = {
    &board_spike,
    &board_virt,
    &board_arm_virt,
};
#define N_BOARDS (sizeof boards / sizeof boards[0])

const Board *board_find(const char *name, const char *arch) {
    const Board *any = NULL;
    for (size_t i = 0; i < N_BOARDS; i++)
        if (!strcmp(boards[i]->name, name)) {
            if (!arch || !strcmp(boards[i]->arch, arch))
                return boards[i];
            if (!any)
                any = boards[i];
        }
    return any;
}

const char *board_default_name(const char *arch) {
    return arch && !strcmp(arch, "aarch64") ? "virt" : "spike";
}

void boards_print(FILE *f) {
    fprintf(f, "Supported machines are:\n");
    for (size_t i = 0; i < N_BOARDS; i++)
        fprintf(f, "%-20s %s (%s)\n", boards[i]->name, boards[i]->desc, boards[i]->arch);
}
