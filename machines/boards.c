/* SPDX-License-Identifier: MIT */
/* The list of boards that -machine NAME selects from, and `-machine help`. */
#include "boards.h"

#include <string.h>

static const Board *const boards[] = {
    &board_spike,
    &board_virt,
};
#define N_BOARDS (sizeof boards / sizeof boards[0])

const Board *board_find(const char *name) {
    for (size_t i = 0; i < N_BOARDS; i++)
        if (!strcmp(boards[i]->name, name))
            return boards[i];
    return NULL;
}

void boards_print(FILE *f) {
    fprintf(f, "Supported machines are:\n");
    for (size_t i = 0; i < N_BOARDS; i++)
        fprintf(f, "%-20s %s\n", boards[i]->name, boards[i]->desc);
}
