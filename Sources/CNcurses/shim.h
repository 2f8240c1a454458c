// The wide-character ncurses API, plus static inline wrappers for what Swift cannot import:
// function-like macros (getmaxyx, COLOR_PAIR, KEY_F), attribute and mouse-mask macros, ACS_*
// characters, and the globals stdscr / LINES / COLS.
#ifndef PIZZADASH_CNCURSES_SHIM_H
#define PIZZADASH_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

static inline WINDOW *pd_stdscr(void) { return stdscr; }
static inline int pd_lines(void) { return LINES; }
static inline int pd_cols(void) { return COLS; }
static inline int pd_getmaxy(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int pd_getmaxx(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }
static inline attr_t pd_a_bold(void) { return A_BOLD; }
static inline attr_t pd_a_dim(void) { return A_DIM; }
static inline attr_t pd_a_reverse(void) { return A_REVERSE; }
static inline attr_t pd_a_underline(void) { return A_UNDERLINE; }
static inline attr_t pd_a_normal(void) { return A_NORMAL; }
static inline int pd_color_pair(int n) { return COLOR_PAIR(n); }
static inline int pd_key_f(int n) { return KEY_F(n); }
static inline mmask_t pd_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t pd_button1_clicked(void) { return BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED; }
static inline mmask_t pd_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t pd_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline mmask_t pd_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline int pd_colors(void) { return COLORS; }
static inline int pd_color_pairs(void) { return COLOR_PAIRS; }
static inline int pd_ccharw_max(void) { return CCHARW_MAX; }

/* Looks TERM up in terminfo without starting curses and without exiting on failure (initscr
   would). Returns 1 when known; otherwise 0 with *error as setupterm reports it (0: not found,
   -1: no terminfo database). The terminal loaded for the check is freed again. */
static inline int pd_term_is_known(const char *term, int fd, int *error) {
    TERMINAL *previous = cur_term;
    *error = 1;
    if (setupterm(term, fd, error) != OK) return 0;
    TERMINAL *loaded = set_curterm(previous);
    if (loaded != NULL && loaded != previous) del_curterm(loaded);
    return 1;
}

#endif
