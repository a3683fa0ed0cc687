/*
 * C wrappers for the parts of ncursesw that Swift cannot import or cannot use
 * under strict concurrency: global variables (stdscr, LINES, COLS, COLORS,
 * COLOR_PAIRS), function-like macros (getmaxyx, KEY_F, COLOR_PAIR, the A_* and
 * WA_* attribute bits) and the cchar_t plumbing needed to put wide characters.
 *
 * Every wrapper is static inline and does no work beyond the ncurses call it
 * wraps, so TerminalKit stays the only place that decides what to draw.
 */
#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <unistd.h>
#include <curses.h>

extern int wcwidth(wchar_t c);

/* Global state. */
static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline WINDOW *cnc_curscr(void) { return curscr; }
static inline int cnc_lines(void) { return LINES; }
static inline int cnc_cols(void) { return COLS; }
static inline int cnc_colors(void) { return COLORS; }
static inline int cnc_color_pairs(void) { return COLOR_PAIRS; }

static inline void cnc_getmaxyx(WINDOW *win, int *rows, int *cols) {
    int y, x;
    getmaxyx(win, y, x);
    *rows = y;
    *cols = x;
}

/* Key codes. */
static inline int cnc_key_f(int n) { return KEY_F(n); }
static inline int cnc_key_code_yes(void) { return KEY_CODE_YES; }
static inline int cnc_key_resize(void) { return KEY_RESIZE; }
static inline int cnc_key_max(void) { return KEY_MAX; }

/* Attributes and colour pairs. */
static inline attr_t cnc_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }
static inline attr_t cnc_a_normal(void) { return A_NORMAL; }
static inline attr_t cnc_a_bold(void) { return A_BOLD; }
static inline attr_t cnc_a_dim(void) { return A_DIM; }
static inline attr_t cnc_a_reverse(void) { return A_REVERSE; }
static inline attr_t cnc_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cnc_a_standout(void) { return A_STANDOUT; }
static inline attr_t cnc_a_blink(void) { return A_BLINK; }
static inline attr_t cnc_a_italic(void) { return A_ITALIC; }
static inline attr_t cnc_a_color(void) { return A_COLOR; }
static inline attr_t cnc_wa_normal(void) { return WA_NORMAL; }
static inline attr_t cnc_wa_bold(void) { return WA_BOLD; }
static inline attr_t cnc_wa_dim(void) { return WA_DIM; }
static inline attr_t cnc_wa_reverse(void) { return WA_REVERSE; }
static inline attr_t cnc_wa_underline(void) { return WA_UNDERLINE; }

/* Session set-up. */

/* Opens a screen on the given descriptors without exiting on failure (unlike
 * initscr). The descriptors are duplicated, so the caller's stay open; the
 * returned streams must be passed to cnc_close_streams after delscreen. */
static inline SCREEN *cnc_newterm_fds(const char *type, int out_fd, int in_fd,
                                      FILE **out_file, FILE **in_file) {
    int o = dup(out_fd), i = dup(in_fd);
    FILE *of = o >= 0 ? fdopen(o, "w") : NULL;
    FILE *inf = i >= 0 ? fdopen(i, "r") : NULL;
    if (of == NULL || inf == NULL) {
        if (of) fclose(of); else if (o >= 0) close(o);
        if (inf) fclose(inf); else if (i >= 0) close(i);
        return NULL;
    }
    SCREEN *screen = newterm(type, of, inf);
    if (screen == NULL) {
        fclose(of);
        fclose(inf);
        return NULL;
    }
    *out_file = of;
    *in_file = inf;
    return screen;
}

static inline void cnc_close_streams(FILE *out_file, FILE *in_file) {
    if (out_file) fclose(out_file);
    if (in_file) fclose(in_file);
}

/* Output. */

/* Puts one complex character (a spacing character followed by up to
 * CCHARW_MAX - 1 combining characters, NUL-terminated) at (y, x). The pair is
 * passed through the extended-colour argument, so pairs above 32767 work. */
static inline int cnc_put_wch(int y, int x, const wchar_t *wch, attr_t attrs, int pair) {
    cchar_t cell;
    if (setcchar(&cell, wch, attrs, 0, &pair) == ERR) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

/* Puts n wide characters at (y, x) with one set of attributes and colour pair.
 * Combining characters in the string attach to the preceding cell. */
static inline int cnc_put_run(int y, int x, const wchar_t *str, int n, attr_t attrs, int pair) {
    wattr_set(stdscr, attrs, 0, &pair);
    int result = mvwaddnwstr(stdscr, y, x, str, n);
    wattr_set(stdscr, A_NORMAL, 0, NULL);
    return result;
}

/* Reads one key into *code; returns OK, KEY_CODE_YES or ERR as wget_wch does. */
static inline int cnc_get_wch(int *code) {
    wint_t value = 0;
    int status = wget_wch(stdscr, &value);
    *code = (int)value;
    return status;
}

static inline int cnc_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }

#endif
