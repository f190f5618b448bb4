/* SPDX-License-Identifier: MIT */
/* Skipping honestly, for the cmocka tests. cmocka's skip() marks one test
 * skipped, but the program still exits 0 and ctest shows it passed; a test
 * that skips through skip_test() makes main's skip_exit() return 77, which
 * tests/CMakeLists.txt registers as the SKIP_RETURN_CODE of every unit test
 * that calls skip_exit(). skip() leaves the test by longjmp: call these
 * before the test allocates anything, or LeakSanitizer reports it.
 *
 * The sample trees (samples/README.md) are missing only from a build
 * configured with -DSECCOMPAT_SAMPLES=OFF (SAMPLES_BUILT is 0): a test that
 * needs them starts with skip_without_samples(). In a build with them, a
 * missing sample is a failure of the test that opens it, not a skip, which
 * would hide a broken build. Include after <cmocka.h>. */
#ifndef SECCOMPAT_TEST_SKIP_H
#define SECCOMPAT_TEST_SKIP_H

#include <stdbool.h>

#ifndef SAMPLES_BUILT
#error "SAMPLES_BUILT is set by tests/CMakeLists.txt"
#endif

static bool skipped;

static inline void skip_test(const char *why)
{
	print_message("skipped: %s\n", why);
	skipped = true;
	skip();
}

static inline void skip_without_samples(void)
{
	if (!SAMPLES_BUILT)
		skip_test("built with -DSECCOMPAT_SAMPLES=OFF, no sample trees");
}

/* main's exit status from cmocka's (the number of failed tests): 1 when a
 * test failed, else 77 when one was skipped through skip_test(), else 0. */
static inline int skip_exit(int failed)
{
	return failed ? 1 : skipped ? 77 : 0;
}

#endif
